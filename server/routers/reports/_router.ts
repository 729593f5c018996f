import { protectedProcedure, router } from '../../trpc/init.ts';
import {
  conversionInput,
  forecastInput,
  funnelInput,
  lostReasonsInput,
  velocityInput,
} from '../../../core/schemas/reports.ts';
import { conversionReport } from '../../services/reports/conversion.ts';
import { forecastReport } from '../../services/reports/forecast.ts';
import { funnelReport } from '../../services/reports/funnel.ts';
import { lostReasonsReport } from '../../services/reports/lost-reasons.ts';
import { velocityReport } from '../../services/reports/velocity.ts';
import {
  dsoInput,
  receivablesAgingInput,
  receivableSummaryInput,
} from '../../../core/schemas/receivables.ts';
import { receivablesAgingReport } from '../../services/reports/receivables.ts';
import { dsoReport } from '../../services/reports/receivables-dso.ts';
import { receivableSummaryReport } from '../../services/reports/receivables-summary.ts';
import { marginInput } from '../../../core/schemas/margin.ts';
import { targetsReportInput } from '../../../core/schemas/targets.ts';
import { marginReport } from '../../services/reports/margin.ts';
import { targetsReport } from '../../services/targets-attainment.ts';

export const reportsRouter = router({
  funnel: protectedProcedure('reports.read')
    .input(funnelInput)
    .query(({ ctx, input }) => funnelReport(ctx, input)),
  conversion: protectedProcedure('reports.read')
    .input(conversionInput)
    .query(({ ctx, input }) => conversionReport(ctx, input)),
  velocity: protectedProcedure('reports.read')
    .input(velocityInput)
    .query(({ ctx, input }) => velocityReport(ctx, input)),
  forecast: protectedProcedure('reports.read')
    .input(forecastInput)
    .query(({ ctx, input }) => forecastReport(ctx, input)),
  lostReasons: protectedProcedure('reports.read')
    .input(lostReasonsInput)
    .query(({ ctx, input }) => lostReasonsReport(ctx, input)),
  // Receivables are installments: the grant that reads them decides who sees their aggregates.
  receivablesAging: protectedProcedure('paymentPlans.read')
    .input(receivablesAgingInput)
    .query(({ ctx, input }) => receivablesAgingReport(ctx, input)),
  dso: protectedProcedure('paymentPlans.read')
    .input(dsoInput)
    .query(({ ctx, input }) => dsoReport(ctx, input)),
  receivableSummary: protectedProcedure('paymentPlans.read')
    .input(receivableSummaryInput)
    .query(({ ctx, input }) => receivableSummaryReport(ctx, input)),
  margin: protectedProcedure('reports.read')
    .input(marginInput)
    .query(({ ctx, input }) => marginReport(ctx, input)),
  targets: protectedProcedure('targets.read')
    .input(targetsReportInput)
    .query(({ ctx, input }) => targetsReport(ctx, input)),
});
