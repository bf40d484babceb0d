import type { AgreementPresentation } from '@/db/schema';
import { agreementBlocks } from '@/lib/agreements/agreement-blocks';

/**
 * An agreement's text as authors read it: paragraphs with their clause anchors, and the
 * version's plain-words asides beside the clauses they explain. The admin's publish preview
 * uses this same component, so what is previewed is what authors will see.
 */
export function AgreementDocument({ text, presentation }: { text: string; presentation: AgreementPresentation }) {
  return (
    <div className="space-y-4 font-serif text-[1.0625rem] leading-relaxed text-slate-900">
      {agreementBlocks(text).map((block, index) => {
        const asides = block.clause ? presentation.asides.filter((aside) => aside.clause === block.clause) : [];
        const paragraph = (
          <p
            id={block.clause && asides.length === 0 ? `clause-${block.clause}` : undefined}
            className={`whitespace-pre-wrap break-words ${block.clause?.includes('.') ? 'pl-5' : ''} ${index === 0 ? 'font-sans text-lg font-semibold tracking-wide' : ''}`}
          >
            {block.text}
          </p>
        );
        if (asides.length === 0) return <div key={index}>{paragraph}</div>;
        return (
          <div key={index} id={`clause-${block.clause}`} className="gap-6 lg:grid lg:grid-cols-[1fr_17rem]">
            {paragraph}
            <div className="space-y-3">
              {asides.map((aside) => (
                <aside
                  key={aside.title}
                  aria-label={aside.title}
                  className="mt-3 rounded-md border border-blue-200 bg-blue-50 p-4 font-sans text-sm leading-normal text-blue-950 lg:mt-0"
                >
                  <p className="font-semibold">{aside.title}</p>
                  <p className="mt-1">{aside.text}</p>
                  {aside.link ? (
                    <p className="mt-2">
                      <a href={aside.link.href} rel="noopener noreferrer" target="_blank">
                        {aside.link.label}
                      </a>
                    </p>
                  ) : null}
                </aside>
              ))}
            </div>
          </div>
        );
      })}
    </div>
  );
}
