// The host must support ExcelApi 1.12 (ranges, tables, comments, custom XML parts,
// suspending calculation and screen updating) and SharedRuntime 1.1 (custom functions that
// share the task pane's sign-in). An older Excel is told so in plain words, not left to fail.
import type { IsSetSupported } from './office.ts';

export const REQUIRED_SETS = [
  { name: 'ExcelApi', version: '1.12' },
  { name: 'SharedRuntime', version: '1.1' },
] as const;

export interface HostSupport {
  ok: boolean;
  /** `ExcelApi 1.12`, … the host lacks. */
  missing: string[];
}

export function hostSupport(isSetSupported: IsSetSupported): HostSupport {
  const missing = REQUIRED_SETS.filter((s) => !isSetSupported(s.name, s.version)).map(
    (s) => `${s.name} ${s.version}`,
  );
  return { ok: missing.length === 0, missing };
}

export function tooOldMessage(support: HostSupport, locale: 'zh-CN' | 'en'): string {
  const sets = support.missing.join(', ');
  return locale === 'zh-CN'
    ? `此版本的 Excel 太旧，无法运行 Lodestone（缺少 ${sets}）。请使用 Microsoft 365 版 Excel、网页版 Excel，或更新 Office。`
    : `This version of Excel is too old for Lodestone (it lacks ${sets}). Use Excel for Microsoft 365, Excel on the web, or update Office.`;
}
