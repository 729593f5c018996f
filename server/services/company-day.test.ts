// The company's day: the calendar day in LODESTONE_TIMEZONE (Asia/Shanghai by default), and the
// variable's check at start-up.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { loadConfig, parseTimeZone } from '../config.ts';
import { companyDay, companyTimeZone, companyToday } from './company-day.ts';

const saved = process.env.LODESTONE_TIMEZONE;
afterEach(() => {
  if (saved === undefined) delete process.env.LODESTONE_TIMEZONE;
  else process.env.LODESTONE_TIMEZONE = saved;
});

test('the day is the company’s: Asia/Shanghai by default, so 16:00 UTC is already tomorrow', () => {
  delete process.env.LODESTONE_TIMEZONE;
  assert.equal(companyTimeZone(), 'Asia/Shanghai');
  assert.equal(companyDay(new Date('2026-03-10T15:59:59Z')), '2026-03-10');
  assert.equal(companyDay(new Date('2026-03-10T16:00:00Z')), '2026-03-11');
  // The year turns over in Shanghai eight hours before it does in UTC.
  assert.equal(companyDay(new Date('2026-12-31T16:30:00Z')), '2027-01-01');
});

test('LODESTONE_TIMEZONE moves the day; the helper follows a changed variable', () => {
  process.env.LODESTONE_TIMEZONE = 'UTC';
  assert.equal(companyDay(new Date('2026-03-10T16:00:00Z')), '2026-03-10');
  process.env.LODESTONE_TIMEZONE = 'America/Los_Angeles';
  assert.equal(companyDay(new Date('2026-03-10T06:00:00Z')), '2026-03-09');
  process.env.LODESTONE_TIMEZONE = 'Asia/Shanghai';
  const now = Date.now();
  assert.equal(companyToday(), companyDay(new Date(now)));
});

test('a zone Intl does not know is refused at start-up, naming the variable', () => {
  assert.equal(parseTimeZone(undefined), 'Asia/Shanghai');
  assert.equal(parseTimeZone(' '), 'Asia/Shanghai');
  assert.equal(parseTimeZone('Europe/Berlin'), 'Europe/Berlin');
  assert.throws(
    () => parseTimeZone('Mars/Olympus'),
    /LODESTONE_TIMEZONE must be an IANA time zone/,
  );
  assert.throws(() => loadConfig({ LODESTONE_TIMEZONE: 'nowhere' }), /LODESTONE_TIMEZONE/);
  assert.equal(loadConfig({}).timeZone, 'Asia/Shanghai');
  assert.equal(loadConfig({ LODESTONE_TIMEZONE: 'UTC' }).timeZone, 'UTC');
});
