// Registration that survives intranet pages: a portal that loads the components script twice
// (two widgets, two teams) must not break, so a second definition warns and is ignored.
import { ensureContextRoot } from '../context/context-root.ts';

export function define(tag: string, element: CustomElementConstructor): void {
  ensureContextRoot();
  const existing = customElements.get(tag);
  if (existing) {
    console.warn(
      `lode: <${tag}> is already defined${existing === element ? '' : ' by another copy of the Lodestone components'}; ` +
        'this definition is ignored. Load the components script once per page.',
    );
    return;
  }
  customElements.define(tag, element);
}
