// Installment statuses and edit problems as lode-payment-plan says them, in the element's locale.
import { msg, str } from '@lit/localize';
import type { InstallmentStatus } from '../../core/receivables/index.ts';
import type { DraftProblem } from './plan-draft.ts';

export function statusLabel(status: InstallmentStatus, daysOverdue: number): string {
  switch (status) {
    case 'open':
      return msg('Open', { id: 'plan.status.open' });
    case 'partly_paid':
      return msg('Partly paid', { id: 'plan.status.partlyPaid' });
    case 'paid':
      return msg('Paid', { id: 'plan.status.paid' });
    case 'overdue':
      return msg(str`Overdue ${daysOverdue} d`, { id: 'plan.status.overdue' });
  }
}

/** What to tell about a problem the rules (or the money parser) found, in the element's locale. */
export function problemText(
  problem: DraftProblem,
  currency: string,
  orderDate: string,
  remaining: string,
): string {
  switch (problem.rule) {
    case 'format':
      return msg('Enter an amount, e.g. 12,000.00.', { id: 'plan.problem.format' });
    case 'precision':
      return msg(str`${currency} has fewer decimal places than that.`, {
        id: 'plan.problem.precision',
      });
    case 'range':
      return msg('That amount is too large.', { id: 'plan.problem.range' });
    case 'positive':
      return msg('Enter an amount above zero.', { id: 'plan.problem.positive' });
    case 'required':
      return problem.field === 'dueDate'
        ? msg('Choose a due date.', { id: 'plan.problem.dateRequired' })
        : msg('Enter an amount, or split the remainder.', { id: 'plan.problem.amountRequired' });
    case 'min':
      return msg(str`Not before the order date (${orderDate}).`, {
        id: 'plan.problem.beforeOrder',
      });
    case 'sum':
      return msg(str`The installments must add up to the total: ${remaining} is left to assign.`, {
        id: 'plan.problem.sum',
      });
    case 'too_small':
      return msg('Too little is left for this installment: raise it or remove one.', {
        id: 'plan.problem.tooSmall',
      });
    case 'locked':
      return msg('Paid and partly paid installments cannot change.', {
        id: 'plan.problem.locked',
      });
    default:
      return problem.message;
  }
}
