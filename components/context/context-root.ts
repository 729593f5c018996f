// Late providers: a ContextRoot on the document keeps the requests nobody answered and replays
// them when a provider appears. That covers elements upgraded before their lode-provider (the
// per-element modules load in any order) and a page that creates its provider after the tags.
import { ContextRoot } from '@lit/context';

// One root per page, whichever copy of the components script gets here first.
const ATTACHED = Symbol.for('lode.context-root');

export function ensureContextRoot(): void {
  const doc = globalThis.document as (Document & { [ATTACHED]?: true }) | undefined;
  if (!doc || doc[ATTACHED]) return;
  doc[ATTACHED] = true;
  new ContextRoot().attach(doc.documentElement);
}
