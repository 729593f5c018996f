// Lit's development build warns through console.warn (a property changed during an update,
// an unsafe binding, …). Tests collect every warning and assert there were none but the one
// that says the development build is in use (which also proves the check is live).
const warnings: string[] = [];
const original = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  warnings.push(args.map(String).join(' '));
  original(...args);
};

/** Warnings other than Lit's "running in dev mode" notice, since the page loaded. */
export function litWarnings(): string[] {
  return warnings.filter((w) => !/Lit is in dev mode/.test(w));
}

/** True once Lit's development build has announced itself. */
export function litDevModeSeen(): boolean {
  return warnings.some((w) => /Lit is in dev mode/.test(w));
}
