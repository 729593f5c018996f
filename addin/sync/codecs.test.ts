import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { SyncColumn } from '../../core/schemas/sync.ts';
import { CURRENCY_EXPONENTS } from '../../core/money/index.ts';
import {
  cellToWire,
  dayToSerial,
  instantToSerial,
  numberText,
  sameWire,
  serialToDay,
  serialToInstant,
  wireToCell,
} from './codecs.ts';

const col = (type: SyncColumn['type'], extra: Partial<SyncColumn> = {}): SyncColumn => ({
  id: 'x',
  label: 'X',
  type,
  readOnly: false,
  required: false,
  ...extra,
});
const money = col('money', { currency: { column: 'currency' } });
const ctx = (currency: string | null, locale = 'en') => ({ currency, locale });

test('money: cells by the currency exponent, to minor units and back, never through a float', () => {
  assert.deepEqual(cellToWire(money, 1234.56, ctx('CNY')), { ok: true, value: 123456 });
  assert.deepEqual(cellToWire(money, 1234, ctx('JPY')), { ok: true, value: 1234 });
  assert.deepEqual(cellToWire(money, 1.234, ctx('KWD')), { ok: true, value: 1234 });
  // 0.1 + 0.2 is 0.30000000000000004 in JavaScript and 0.3 in Excel.
  assert.deepEqual(cellToWire(money, 0.1 + 0.2, ctx('USD')), { ok: true, value: 30 });
  assert.deepEqual(cellToWire(money, '¥1,234.50', ctx('CNY')), { ok: true, value: 123450 });
  assert.deepEqual(cellToWire(money, '1.234,5', ctx('EUR', 'de')), { ok: true, value: 123450 });
  assert.equal(wireToCell(money, 123456, ctx('CNY')), 1234.56);
  assert.equal(wireToCell(money, 1234, ctx('JPY')), 1234);
  assert.equal(wireToCell(money, null, ctx('CNY')), '', 'cleared with "", a null would leave it');
});

test('money: more decimals than the currency has is refused, not rounded', () => {
  const r = cellToWire(money, 12.345, ctx('CNY'));
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.rule, 'precision');
  assert.equal((cellToWire(money, 12.5, ctx('JPY')) as { rule: string }).rule, 'precision');
  assert.equal((cellToWire(money, 'abc', ctx('CNY')) as { rule: string }).rule, 'format');
  assert.equal((cellToWire(money, 12, ctx(null)) as { rule: string }).rule, 'currency');
  assert.equal((cellToWire(money, 12, ctx('XYZ')) as { rule: string }).rule, 'currency');
});

test('money round-trips every amount through a cell in every currency', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -1e13, max: 1e13 }),
      fc.constantFrom(...Object.keys(CURRENCY_EXPONENTS)),
      (minor, currency) => {
        const cell = wireToCell(money, minor, ctx(currency));
        assert.deepEqual(cellToWire(money, cell, ctx(currency)), { ok: true, value: minor });
      },
    ),
    { numRuns: 5000 },
  );
});

test('dates are Excel serials in cells and ISO days on the wire', () => {
  assert.equal(dayToSerial('1900-03-01'), 61);
  assert.equal(dayToSerial('2026-11-22'), 46348);
  assert.equal(serialToDay(46348), '2026-11-22');
  assert.equal(serialToDay(46348.75), '2026-11-22', 'a time of day stays on its day');
  const date = col('date');
  assert.deepEqual(cellToWire(date, 46348, ctx(null)), { ok: true, value: '2026-11-22' });
  assert.deepEqual(cellToWire(date, '2026/3/5', ctx(null)), { ok: true, value: '2026-03-05' });
  assert.equal((cellToWire(date, '2026-02-30', ctx(null)) as { rule: string }).rule, 'date');
  assert.equal(wireToCell(date, '2026-11-22', ctx(null)), 46348);
  const iso = '2026-11-22T08:30:00.000Z';
  assert.equal(serialToInstant(instantToSerial(iso)), iso);
});

test('text, integers, enums and booleans', () => {
  assert.deepEqual(cellToWire(col('text'), '  甲  ', ctx(null)), { ok: true, value: '甲' });
  assert.deepEqual(cellToWire(col('text'), 123, ctx(null)), { ok: true, value: '123' });
  assert.deepEqual(cellToWire(col('text'), '   ', ctx(null)), { ok: true, value: null });
  assert.equal(
    (cellToWire(col('text', { maxLength: 3 }), 'abcd', ctx(null)) as { rule: string }).rule,
    'too_big',
  );
  assert.deepEqual(cellToWire(col('integer'), 25, ctx(null)), { ok: true, value: 25 });
  assert.deepEqual(cellToWire(col('integer'), '25', ctx(null)), { ok: true, value: 25 });
  assert.equal((cellToWire(col('integer'), 2.5, ctx(null)) as { rule: string }).rule, 'integer');
  assert.deepEqual(cellToWire(col('enum'), ' 初验 ', ctx(null)), { ok: true, value: '初验' });
  assert.deepEqual(cellToWire(col('boolean'), '是', ctx(null)), { ok: true, value: true });
  assert.equal(numberText(1e21), '1000000000000000000000');
  assert.ok(sameWire(null, '') && sameWire(' a', 'a') && !sameWire(1, 2));
});
