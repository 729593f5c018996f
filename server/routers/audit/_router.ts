import { protectedProcedure, router } from '../../trpc/init.ts';
import { auditListInput } from '../../../core/schemas/audit.ts';
import { listAudit } from '../../services/audit-read.ts';

export const auditRouter = router({
  list: protectedProcedure('audit.read')
    .input(auditListInput)
    .query(({ ctx, input }) => listAudit(ctx, input)),
});
