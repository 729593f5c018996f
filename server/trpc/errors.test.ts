import assert from 'node:assert/strict';
import { test } from 'node:test';
import { partnerCreateInput } from '../../core/schemas/partners.ts';
import { fieldIssues, isBusy, isUniqueViolation, summarize } from './errors.ts';

test('zod failures become one issue per field, naming the rule; unknown keys name the key', () => {
  const parsed = partnerCreateInput.safeParse({ name: '', emails: ['nope'], evil: 1 });
  assert.equal(parsed.success, false);
  const issues = fieldIssues(parsed.error);
  assert.deepEqual(
    issues?.map((i) => [i.field, i.rule]),
    [
      ['name', 'too_small'],
      ['emails.0', 'invalid_format'],
      ['evil', 'unrecognized_keys'],
    ],
  );
  assert.match(summarize(issues!), /^name: .+; emails\.0: .+; evil: /);
});

test('driver errors are recognised by code on both databases, through wrapping causes', () => {
  assert.ok(isUniqueViolation({ code: '23505' }));
  assert.ok(isUniqueViolation({ code: 'SQLITE_CONSTRAINT_UNIQUE' }));
  assert.ok(!isUniqueViolation({ code: '23503' }));
  assert.ok(isBusy({ message: 'wrapped', cause: { code: 'SQLITE_BUSY' } }));
  assert.ok(!isBusy(new Error('other')));
});
