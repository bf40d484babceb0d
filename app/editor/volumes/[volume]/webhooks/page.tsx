import type { Metadata } from 'next';
import Link from 'next/link';

import { LocalTime } from '@/components/local-time';
import { orNotFound, requireSignedIn } from '@/lib/auth/current-user';
import { countOf } from '@/lib/format/plural';
import {
  WEBHOOK_DELIVERY_STATES,
  WEBHOOK_LOG_PAGE,
  listVolumeWebhooks,
  type WebhookDeliveryState,
  type WebhookDeliveryView,
} from '@/lib/webhooks/manage-webhooks';

import { DisableWebhookForm, RedeliverForm, RegisterWebhookForm } from './webhook-forms';

export const metadata: Metadata = { title: 'Webhooks' };

const stateStyles: Record<string, [string, string]> = {
  queued: ['Queued', 'bg-slate-200 text-slate-800'],
  sending: ['Sending', 'bg-blue-100 text-blue-900'],
  retrying: ['Retrying', 'bg-amber-100 text-amber-950'],
  delivered: ['Delivered', 'bg-emerald-100 text-emerald-900'],
  failed: ['Failed', 'bg-red-100 text-red-900'],
};

export default async function WebhooksPage(props: {
  params: Promise<{ volume: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { volume: volumeParam } = await props.params;
  const { state: stateParam } = await props.searchParams;
  const user = await requireSignedIn(`/editor/volumes/${volumeParam}/webhooks`);
  const state = WEBHOOK_DELIVERY_STATES.find((value) => value === stateParam) as WebhookDeliveryState | undefined;
  const { endpoints, deliveries, counts } = await orNotFound(listVolumeWebhooks(user, Number(volumeParam), { state }));
  const volumeNumber = Number(volumeParam);
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const shown = state ? (counts[state] ?? 0) : total;

  return (
    <div className="space-y-8">
      <p className="text-sm">
        <Link href={`/editor/volumes/${volumeNumber}`}>← Volume {volumeNumber}</Link>
      </p>
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">Webhooks of volume {volumeNumber}</h1>
        <p className="max-w-3xl text-slate-700">
          The portal POSTs <code>agreement.signed</code>, <code>agreement.voided</code>, <code>paper.published</code> and{' '}
          <code>volume.fully_signed</code> as JSON, signed per the Standard Webhooks specification, to each endpoint.
          Failed deliveries are retried with growing pauses for about a day; a paper’s events arrive in order.
        </p>
      </header>

      <section aria-labelledby="endpoints-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="endpoints-heading" className="text-lg font-semibold">
          Endpoints
        </h2>
        {endpoints.length === 0 ? (
          <p className="text-slate-700">No endpoint yet.</p>
        ) : (
          <ul className="divide-y divide-slate-200">
            {endpoints.map((endpoint) => (
              <li key={endpoint.id} className="flex flex-wrap items-center justify-between gap-3 py-2">
                <span className="break-all font-mono text-sm">{endpoint.url}</span>
                {endpoint.disabledAt ? (
                  <span className="text-sm text-slate-700">
                    Disabled <LocalTime iso={endpoint.disabledAt.toISOString()} dateOnly />
                  </span>
                ) : (
                  <DisableWebhookForm volumeNumber={volumeNumber} endpointId={endpoint.id} url={endpoint.url} />
                )}
              </li>
            ))}
          </ul>
        )}
        <RegisterWebhookForm volumeNumber={volumeNumber} />
      </section>

      <section aria-labelledby="deliveries-heading" className="space-y-3">
        <h2 id="deliveries-heading" className="text-lg font-semibold">
          Delivery log
        </h2>
        <nav aria-label="Deliveries by state" className="flex flex-wrap gap-2 text-sm">
          <Link href={`/editor/volumes/${volumeNumber}/webhooks`} aria-current={state ? undefined : 'page'} className={state ? '' : 'font-semibold'}>
            All ({total})
          </Link>
          {WEBHOOK_DELIVERY_STATES.filter((value) => counts[value]).map((value) => (
            <Link
              key={value}
              href={`/editor/volumes/${volumeNumber}/webhooks?state=${value}`}
              aria-current={state === value ? 'page' : undefined}
              className={state === value ? 'font-semibold' : ''}
            >
              {stateStyles[value]![0]} ({counts[value]})
            </Link>
          ))}
        </nav>
        {shown > deliveries.length ? (
          <p className="text-sm text-slate-700">The latest {WEBHOOK_LOG_PAGE} of {shown.toLocaleString('en')} are listed.</p>
        ) : null}
        {deliveries.length === 0 ? (
          <p className="text-slate-700">{state ? 'None in this state.' : 'Nothing sent yet.'}</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Webhook deliveries, newest first, with every attempt</caption>
              <thead className="bg-slate-100 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2">Event</th>
                  <th scope="col" className="px-3 py-2">State</th>
                  <th scope="col" className="px-3 py-2">Attempts</th>
                  <th scope="col" className="px-3 py-2">Next retry</th>
                  <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {deliveries.map((delivery) => (
                  <DeliveryRow key={delivery.id} delivery={delivery} volumeNumber={volumeNumber} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

function DeliveryRow({ delivery, volumeNumber }: { delivery: WebhookDeliveryView; volumeNumber: number }) {
  const [label, style] = stateStyles[delivery.state] ?? [delivery.state, 'bg-slate-200 text-slate-800'];
  return (
    <tr className="border-t border-slate-200 align-top">
      <th scope="row" className="px-3 py-2 font-normal">
        <span className="font-mono">{delivery.eventType}</span>
        {delivery.paperKey ? <span className="block text-slate-600">{delivery.paperKey}</span> : null}
        <span className="block text-xs text-slate-600">
          <LocalTime iso={delivery.createdAt.toISOString()} /> → {delivery.endpointUrl}
        </span>
      </th>
      <td className="px-3 py-2">
        <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${style}`}>{label}</span>
      </td>
      <td className="px-3 py-2">
        {delivery.attempts.length === 0 ? (
          <span className="text-slate-600">None yet</span>
        ) : (
          <details>
            <summary className="cursor-pointer">
              {countOf(delivery.attempts.length, 'attempt')}
              {delivery.lastStatusCode !== null ? `, last ${delivery.lastStatusCode}` : ''}
              {delivery.lastLatencyMs !== null ? ` in ${delivery.lastLatencyMs} ms` : ''}
            </summary>
            <ol className="mt-1 list-decimal space-y-0.5 pl-5 text-xs">
              {delivery.attempts.map((attempt) => (
                <li key={attempt.at.toISOString() + attempt.latencyMs}>
                  <LocalTime iso={attempt.at.toISOString()} />: {attempt.statusCode ?? 'no answer'} in {attempt.latencyMs} ms
                  {attempt.error ? ` (${attempt.error})` : ''}
                </li>
              ))}
            </ol>
          </details>
        )}
      </td>
      <td className="whitespace-nowrap px-3 py-2">
        {delivery.state === 'retrying' && delivery.nextAttemptAt ? <LocalTime iso={delivery.nextAttemptAt.toISOString()} /> : '—'}
      </td>
      <td className="px-3 py-2">
        {delivery.state === 'delivered' || delivery.state === 'failed' || delivery.state === 'retrying' ? (
          <RedeliverForm
            volumeNumber={volumeNumber}
            deliveryId={delivery.id}
            describe={`${delivery.eventType}${delivery.paperKey ? ` of ${delivery.paperKey}` : ''}`}
          />
        ) : null}
      </td>
    </tr>
  );
}
