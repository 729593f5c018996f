// The Status column, in the sheet's language. The engine writes it; the user writes only
// "Delete" (删除) to ask for a row to be deleted on the server.

export type Locale = 'zh-CN' | 'en';

export type RowState = 'synced' | 'changed' | 'new' | 'conflict' | 'error' | 'deleted' | 'delete';

const LABELS: Record<RowState, Record<Locale, string>> = {
  synced: { en: 'Synced', 'zh-CN': '已同步' },
  changed: { en: 'Changed', 'zh-CN': '已修改' },
  new: { en: 'New', 'zh-CN': '新建' },
  conflict: { en: 'Conflict', 'zh-CN': '冲突' },
  error: { en: 'Error', 'zh-CN': '错误' },
  deleted: { en: 'Deleted on server', 'zh-CN': '服务器已删除' },
  delete: { en: 'Delete', 'zh-CN': '删除' },
};

/** The Status column's header. */
export const STATUS_HEADER: Record<Locale, string> = { en: 'Status', 'zh-CN': '同步状态' };

/** "Error: <message>" keeps its message; the others are a bare label. */
export function statusText(state: RowState, locale: Locale, message?: string): string {
  const label = LABELS[state][locale];
  if (!message) return label;
  return locale === 'zh-CN' ? `${label}：${message}` : `${label}: ${message}`;
}

/** The state a Status cell shows, in either language (the user may type "delete" or 删除). */
export function parseStatus(text: string): RowState | null {
  const head = text.split(/[:：]/)[0]!.trim().toLowerCase();
  for (const [state, labels] of Object.entries(LABELS) as [RowState, Record<Locale, string>][])
    if (head === labels.en.toLowerCase() || head === labels['zh-CN']) return state;
  return null;
}
