import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertEveryProcedureDeclares } from './init.ts';
import { appRouter } from './app-router.ts';
import { PERMISSIONS } from '../../core/permissions.ts';

test('every procedure of the app router declares a permission that exists', () => {
  const paths = assertEveryProcedureDeclares(appRouter);
  assert.ok(paths.length > 10);
  for (const path of paths) {
    const meta = (
      appRouter._def.procedures as unknown as Record<
        string,
        { _def: { meta?: { permission?: string } } }
      >
    )[path]?._def.meta;
    const p = meta?.permission ?? '';
    assert.ok(p === 'public' || p === 'self' || p in PERMISSIONS, `${path} declares "${p}"`);
  }
});

test('a procedure without a declared permission stops start-up', () => {
  const fake = {
    _def: {
      procedures: {
        'partners.list': { _def: { meta: { permission: 'partners.read' } } },
        'x.leaky': { _def: {} },
      },
    },
  };
  assert.throws(() => assertEveryProcedureDeclares(fake), /x\.leaky/);
});
