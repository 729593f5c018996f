import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  formatMoney,
  formatQuantity,
  parseMoney,
  parseQuantity,
  toDecimalString,
  toMajorUnits,
} from './format.ts';
import { CURRENCY_EXPONENTS } from './money.ts';

test('formats per locale and currency exponent', () => {
  assert.equal(formatMoney(123456, 'CNY', 'zh-CN'), '¥1,234.56');
  assert.equal(formatMoney(123456, 'USD', 'en'), '$1,234.56');
  assert.equal(formatMoney(1234, 'JPY', 'en'), '¥1,234');
  assert.equal(formatMoney(1234567, 'KWD', 'en'), 'KWD\u00a01,234.567');
  assert.equal(formatMoney(-5, 'EUR', 'en'), '-€0.05');
  // Beyond 2^53 / 100 a float would lose cents; the decimal string does not.
  assert.equal(formatMoney(9_007_199_254_740_991, 'CNY', 'en'), 'CN¥90,071,992,547,409.91');
  assert.equal(formatQuantity(1500, 'en'), '1.5');
  assert.equal(toMajorUnits(123456, 'CNY'), 1234.56);
  assert.equal(toMajorUnits(1234, 'JPY'), 1234);
  assert.equal(toMajorUnits(-1234567, 'KWD'), -1234.567);
  assert.equal(formatQuantity(2000, 'zh-CN'), '2');
});

test('parses what people type and refuses extra precision', () => {
  assert.equal(parseMoney('1,234.56', 'CNY'), 123456);
  assert.equal(parseMoney('¥1,234.5', 'CNY', 'zh-CN'), 123450);
  assert.equal(parseMoney('1.234,56 €', 'EUR', 'de'), 123456);
  assert.equal(parseMoney('-12', 'USD'), -1200);
  assert.equal(parseMoney('.5', 'USD'), 50);
  assert.equal(parseMoney('1200', 'JPY'), 1200);
  assert.equal(parseMoney('1.230', 'USD'), 123, 'trailing zeros are not extra precision');
  assert.throws(() => parseMoney('1.234', 'USD'), /more than 2 decimal places/);
  assert.throws(() => parseMoney('12.5', 'JPY'), /more than 0 decimal places/);
  assert.throws(() => parseMoney('abc', 'USD'), /not a number/);
  assert.throws(() => parseMoney('1.2.3', 'USD'), /not a number/);
  assert.equal(parseQuantity('1.5'), 1500);
  assert.throws(() => parseQuantity('0.0005'), /more than 3/);
});

test('format and parse round-trip every amount in every currency and locale', () => {
  const currencies = Object.keys(CURRENCY_EXPONENTS);
  fc.assert(
    fc.property(
      fc.integer({ min: -1e13, max: 1e13 }),
      fc.constantFrom(...currencies),
      fc.constantFrom('en', 'zh-CN', 'de', 'fr'),
      (minor, currency, locale) => {
        assert.equal(parseMoney(formatMoney(minor, currency, locale), currency, locale), minor);
        const exponent = CURRENCY_EXPONENTS[currency]!;
        assert.equal(parseMoney(toDecimalString(minor, exponent), currency), minor);
      },
    ),
    { numRuns: 10_000 },
  );
});
