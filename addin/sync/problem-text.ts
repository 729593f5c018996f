// What the add-in finds wrong in a row before sending it, worded in the sheet's language. The
// English text is built where the problem is found; zh-CN words it here from the rule and its
// parameters. Problems the server reports arrive already in the sheet's language.
import type { Locale } from './status.ts';

export interface ProblemParams {
  text?: string;
  exponent?: number;
  max?: number;
  currency?: string;
  options?: string;
}

export interface FieldProblem {
  /** A column id, or `_key` for the row as a whole. */
  field: string;
  rule: string;
  message: string;
  params?: ProblemParams;
}

const ZH: Record<string, (p: ProblemParams) => string> = {
  read_only: () => '为只读列',
  required: () => '必填',
  enum: (p) => `“${p.text}”不在可选值中：${p.options}`,
  create: () => '此数据不能在表格中新增行',
  delete: () => '此数据不能在表格中删除行',
  update: () => '已提交到服务器的行不能在表格中修改：请在 Lodestone 中更正',
  base: () => '缺少拉取时的原值：请重新拉取',
  currency: (p) => (p.currency ? `${p.currency} 不是本插件支持的币种` : '所在行缺少币种'),
  format: (p) => `“${p.text}”不是数字`,
  precision: (p) => `“${p.text}”的小数位超过 ${p.exponent} 位`,
  range: (p) => `“${p.text}”超出范围`,
  too_big: (p) => `超过 ${p.max} 个字符`,
  integer: () => '必须是整数',
  date: () => '必须是日期',
  datetime: () => '必须是日期和时间',
  boolean: () => '必须是 TRUE 或 FALSE（是/否）',
};

export function problemText(problem: FieldProblem, locale: Locale): string {
  const zh = locale === 'zh-CN' ? ZH[problem.rule] : undefined;
  return zh ? zh(problem.params ?? {}) : problem.message;
}
