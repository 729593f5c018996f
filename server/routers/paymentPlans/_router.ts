import { protectedProcedure, router } from '../../trpc/init.ts';
import {
  installmentsDueInput,
  installmentsOverdueInput,
  paymentPlanGenerateInput,
  paymentPlanGetInput,
  paymentPlanUpdateInput,
} from '../../../core/schemas/payment-plans.ts';
import * as plans from '../../services/payment-plans.ts';
import { installmentsDue, installmentsOverdue } from '../../services/payment-plans-reminders.ts';

export const paymentPlansRouter = router({
  generate: protectedProcedure('paymentPlans.write')
    .input(paymentPlanGenerateInput)
    .mutation(({ ctx, input }) => plans.generatePaymentPlan(ctx, input)),
  get: protectedProcedure('paymentPlans.read')
    .input(paymentPlanGetInput)
    .query(({ ctx, input }) => plans.getPaymentPlan(ctx, input)),
  update: protectedProcedure('paymentPlans.write')
    .input(paymentPlanUpdateInput)
    .mutation(({ ctx, input }) => plans.updatePaymentPlan(ctx, input)),
  due: protectedProcedure('paymentPlans.read')
    .input(installmentsDueInput)
    .query(({ ctx, input }) => installmentsDue(ctx, input)),
  overdue: protectedProcedure('paymentPlans.read')
    .input(installmentsOverdueInput)
    .query(({ ctx, input }) => installmentsOverdue(ctx, input)),
});
