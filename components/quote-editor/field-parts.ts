// How every field of the editor shows its problem: a message beside it, tied to the input with
// aria-describedby and aria-invalid, so a screen reader reads the problem with the field.
import { html, nothing } from 'lit';
import type { Problem, Problems } from './draft.ts';
import { problemText, type FieldKind } from './messages.ts';

/** The id of a field's message: `lines.2.unitPrice` → `problem-lines-2-unitPrice`. */
export const problemId = (field: string) => `problem-${field.replace(/\./g, '-')}`;

export interface FieldState {
  invalid: 'true' | 'false';
  describedBy: string | typeof nothing;
  message: ReturnType<typeof html> | typeof nothing;
}

export function fieldState(
  problems: Problems,
  field: string,
  kind: FieldKind,
  currency: string,
): FieldState {
  const problem: Problem | undefined = problems.get(field);
  if (!problem) return { invalid: 'false', describedBy: nothing, message: nothing };
  const id = problemId(field);
  return {
    invalid: 'true',
    describedBy: id,
    message: html`<span id=${id} part="field-error" class="field-error" data-field=${field}
      >${problemText(problem, kind, currency)}</span
    >`,
  };
}
