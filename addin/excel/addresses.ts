// Names and addresses Excel imposes: column letters, sheet names of at most 31 characters, and
// the custom XML part that holds one piece of text (the binding, a push journal's chunk).

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

const MAX_SHEET_NAME = 31;

/** The sheet a table lives on: its name, shortened with a stable suffix when too long. */
export function sheetNameOf(table: string): string {
  if (table.length <= MAX_SHEET_NAME) return table;
  let hash = 0;
  for (const ch of table) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const suffix = `~${hash.toString(36).slice(0, 5)}`;
  return table.slice(0, MAX_SHEET_NAME - suffix.length) + suffix;
}

/** Parts are found by namespace: one per name. */
export const partNamespace = (name: string) => `urn:lodestone:${encodeURIComponent(name)}`;

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function partXml(name: string, text: string): string {
  return `<lodestone xmlns="${partNamespace(name)}">${escapeXml(text)}</lodestone>`;
}

/** The text partXml stored (Excel may add an XML declaration or reformat the element). */
export function textOfPartXml(xml: string): string {
  const body = /<lodestone\b[^>]*>([\s\S]*)<\/lodestone>/.exec(xml)?.[1] ?? '';
  return body
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
