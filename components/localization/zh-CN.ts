// zh-CN text for every msg() id. Written by hand (the project needs no extraction step): to add
// a string, give its msg() call an explicit `id`, then add the id here; placeholders are the
// source template's expressions by position (${0}, ${1} …). A test fails when an id used in
// the code is missing here or an id here is used nowhere (test/components/catalog.test.ts).
import { str } from '@lit/localize';
import type { LocaleModule } from '@lit/localize';
import { paymentPlanTemplates } from './zh-CN.payment-plan.ts';
import { customerCardTemplates } from './zh-CN.customer-card.ts';
import { quoteEditorTemplates } from './zh-CN.quote-editor.ts';

export const templates: LocaleModule['templates'] = {
  // lode-payment-plan keeps its text in a file of its own
  ...paymentPlanTemplates,
  // lode-customer-card keeps its text in a file of its own
  ...customerCardTemplates,
  // lode-quote-editor keeps its text in a file of its own
  ...quoteEditorTemplates,
  // shared states and errors
  'state.retry': '重试',
  'error.unauthorized': '登录已过期或令牌无效。',
  'error.forbidden': '您无权执行此操作。',
  'error.notFound': '该记录已不存在，或您无权查看。',
  'error.conflict': '他人刚刚修改了这条记录，已重新加载。',
  'error.rateLimited': '请求过于频繁，请稍后再试。',
  'error.network': '无法连接服务器，请检查网络后重试。',
  'error.server': '服务器出错，请稍后再试。',
  // the card
  'card.noAmount': '未填金额',
  'card.noCloseDate': '未定成交日期',
  'card.daysInStage': str`在此段阶 ${0} 天`,
  'card.stale': '停滞',
  // outcomes
  'outcome.won': '赢单',
  'outcome.lost': '输单',
  'outcome.invalid': '无效',
  // the board
  'board.label': '销售漏斗看板',
  'board.noClient': '等待连接：请把看板放在带有令牌的 lode-provider 内。',
  'board.noPipeline': '还没有销售流程。',
  'board.moved': str`已将 ${0} 移至 ${1}。`,
  'board.reverted': str`${0} 已退回到 ${1}：${2}`,
  'board.readOnly': '您可以查看此看板，但不能移动商机。',
  'board.dismiss': '关闭提示',
  'board.dragHelp': '按空格键拿起卡片，用方向键移动；按回车键打开卡片。',
  'board.openHelp': '按回车键打开卡片。',
  'column.amount': '金额',
  'column.weighted': '加权金额',
  'column.empty': '此段阶暂无商机。',
  'filter.pipeline': '销售流程',
  'filter.owner': '负责人',
  'filter.everyone': '所有人',
  'filter.team': '团队',
  'filter.allTeams': '所有团队',
  'filter.period': '预计成交',
  'period.any': '不限',
  'period.thisMonth': '本月',
  'period.nextMonth': '下月',
  'period.thisQuarter': '本季度',
  'period.nextQuarter': '下季度',
  'period.thisYear': '今年',
  'view.label': '视图',
  'view.board': '看板',
  'view.chart': '漏斗图',
  'chart.label': '漏斗图',
  'chart.count': str`${0} 个商机`,
  'chart.weighted': str`加权 ${0}`,
  // moving by keyboard
  'keyboard.pickedUp': str`已拿起 ${0}（位于 ${1}）。用左右方向键选择列，按空格或回车键放下，按 Esc 取消。`,
  'keyboard.over': str`当前位置：${0}。`,
  'keyboard.canceled': str`已取消移动，${0} 仍在 ${1}。`,
  // the dialogs
  'dialog.fieldsTitle': str`移至 ${0}`,
  'dialog.fieldsIntro': str`进入 ${0} 需要为 ${1} 填写以下字段。`,
  'dialog.loadingContacts': '正在加载联系人…',
  'dialog.chooseContact': '请选择联系人',
  'dialog.closeWon': str`将 ${0} 关闭为赢单`,
  'dialog.closeLost': str`将 ${0} 关闭为输单`,
  'dialog.closeInvalid': str`将 ${0} 标记为无效`,
  'dialog.reason': '原因',
  'dialog.chooseReason': '请选择原因',
  'dialog.reasonRequired': '请选择原因。',
  'dialog.wonAmount': '成交金额',
  'dialog.note': '备注',
  'dialog.cancel': '取消',
  'dialog.move': '移动',
  'dialog.close': '关闭商机',
  'dialog.required': '请填写此项。',
  'dialog.amountFormat': '请输入金额，例如 12,000.00。',
  'dialog.amountPrecision': '小数位数超出该币种的精度。',
};
