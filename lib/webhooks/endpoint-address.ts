import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';

import ipaddr from 'ipaddr.js';

// Webhook URLs are chosen by editors, and the portal POSTs to them from inside the publisher's
// network: without a check, an endpoint could reach the database, a cloud metadata service or an
// admin port on loopback (server-side request forgery). Only http(s), and only public unicast
// addresses unless WEBHOOK_ALLOW_PRIVATE=1. The check runs when the endpoint is registered and
// again on every connection (safeLookup), so a name that later resolves to 127.0.0.1 (DNS
// rebinding) is refused at delivery too.

export type AddressCheck = { ok: true } | { ok: false; message: string };

/** Is this IP address one the portal may connect to? ipaddr.js names the range ('unicast' = public). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range() === 'unicast';
}

/** The URL's form: absolute http(s), no credentials, no fragment, at most 2,000 characters. */
export function checkWebhookUrlForm(value: string): { ok: true; url: URL } | { ok: false; message: string } {
  if (value.length > 2000) return { ok: false, message: 'The URL is longer than 2,000 characters.' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: 'Give a full URL, such as https://pipeline.example.org/hooks/pmlr.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: 'Only http:// and https:// URLs can receive webhooks.' };
  if (url.username || url.password) return { ok: false, message: 'Put no user name or password in the URL: the signature proves the sender.' };
  if (url.hash) return { ok: false, message: 'Leave out the #fragment: it is never sent to a server.' };
  return { ok: true, url };
}

/** Resolves the host and refuses it when any of its addresses is not public (unless allowed). */
export async function checkWebhookHost(url: URL, allowPrivate: boolean): Promise<AddressCheck> {
  if (allowPrivate) return { ok: true };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
  } catch {
    return { ok: false, message: `The host ${url.hostname} could not be found.` };
  }
  const refused = addresses.find((address) => !isPublicAddress(address));
  if (refused) {
    return {
      ok: false,
      message: `${url.hostname} is a private, loopback or reserved address (${refused}); webhooks go only to public addresses.`,
    };
  }
  return { ok: true };
}

/** A net.LookupFunction for the delivery's connection: the same rule on the address actually used. */
export function safeLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true, verbatim: true })
      .then((entries) => {
        const usable = allowPrivate ? entries : entries.filter((entry) => isPublicAddress(entry.address));
        if (usable.length === 0) {
          const error = Object.assign(new Error(`${hostname} resolves only to private or reserved addresses`), { code: 'EADDRNOTPUBLIC' });
          callback(error, '', 0);
          return;
        }
        if (options.all) callback(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, '', 0));
  };
}
