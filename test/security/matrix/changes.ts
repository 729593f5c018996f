// Matrix rows for live updates. changes.read only opens the stream (every role may; anonymous
// and expired callers may not); which notices each caller hears is decided per notice by the
// domain's read scope, which server/routers/changes/changes.test.ts checks over HTTP.
import { row, type Row } from './kit.ts';

export const changesRows: Row[] = [
  row({
    path: 'changes.subscribe',
    permission: 'changes.read',
    perOwner: false,
    // A subscription answers with its stream once the checks pass; close it at once.
    call: async (c) => {
      const stream = await c.changes.subscribe({ entities: ['partners'] });
      await stream[Symbol.asyncIterator]().return?.();
    },
  }),
];
