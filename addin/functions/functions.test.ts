// The Excel glue: every function in functions.json is associated, and a refusal reaches Excel
// as CustomFunctions.Error(notAvailable, message), i.e. #N/A with the message.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { register } from './functions.ts';

class CfError extends Error {
  constructor(
    readonly code: unknown,
    message?: string,
  ) {
    super(message);
  }
}

test('functions.json and the associated functions agree; signed out is #N/A with a message', async () => {
  const associated = new Map<string, (...args: never[]) => unknown>();
  register({
    associate: (id, fn) => associated.set(id, fn),
    Error: CfError,
    ErrorCode: { notAvailable: 'NotAvailable' },
  });
  const meta = JSON.parse(
    fs.readFileSync(new URL('./functions.json', import.meta.url), 'utf8'),
  ) as {
    functions: { id: string }[];
  };
  assert.deepEqual([...associated.keys()].sort(), meta.functions.map((f) => f.id).sort());
  const pipeline = associated.get('PIPELINE') as unknown as (stage: string) => Promise<number>;
  await assert.rejects(pipeline('Prospecting'), (e: unknown) => {
    assert.ok(e instanceof CfError);
    assert.equal(e.code, 'NotAvailable');
    assert.match(e.message, /Sign in/);
    return true;
  });
});
