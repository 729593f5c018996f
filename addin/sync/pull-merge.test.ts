import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planPull, type LocalSnapshot } from './pull-merge.ts';

const row = (id: number, version: number) => ({ id, version, values: { name: `r${id}` } });

test('the pull rules: clean overwritten, dirty kept or in conflict, new appended, gone marked', () => {
  const local = new Map<string, LocalSnapshot>([
    ['o:1', { version: 1, dirty: false, state: 'synced' }],
    ['o:2', { version: 1, dirty: false, state: 'synced' }],
    ['o:3', { version: 1, dirty: true, state: 'synced' }],
    ['o:4', { version: 1, dirty: true, state: 'changed' }],
    ['o:5', { version: 2, dirty: false, state: 'synced' }],
    ['o:6', { version: 1, dirty: false, state: 'deleted' }],
    ['o:7', { version: 3, dirty: true, state: 'synced' }],
    ['o:9', { version: 1, dirty: false, state: 'error' }],
  ]);
  const actions = planPull(
    local,
    [row(1, 2), row(2, 1), row(3, 1), row(4, 5), row(8, 1), row(6, 1), row(9, 1)],
    [5, 7, 6, 99],
    'o',
  );
  assert.deepEqual(
    actions.map((a) => [a.kind, a.key]),
    [
      ['write', 'o:1'], // clean, moved: takes the server's values
      ['keep', 'o:2'], // clean, unchanged
      ['keep', 'o:3'], // dirty, server unchanged: the edits stay
      ['conflict', 'o:4'], // dirty, server moved
      ['append', 'o:8'], // new on the server
      ['write', 'o:6'], // was gone, is back
      ['write', 'o:9'], // clean again after an error: back to Synced
      ['gone', 'o:5'],
      ['gone', 'o:7'], // dirty or not, marked, never removed
    ],
  );
});
