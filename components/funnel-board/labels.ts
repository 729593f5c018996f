// Names of stages, outcomes and fields as the board shows them, in the element's locale.
import { msg } from '@lit/localize';
import {
  FIELD_LABELS,
  type Outcome,
  type RequirableField,
} from '../../core/funnel/stage-engine.ts';
import type { LodeLocale } from '../context/contexts.ts';
import { localizedName } from '../../core/localized-name.ts';

/** In English the English name when the pipeline has one; the team's own name otherwise. */
export function stageLabel(
  stage: { name: string; nameEn: string | null },
  locale: LodeLocale,
): string {
  return localizedName(stage, locale);
}

export function outcomeLabel(outcome: Outcome): string {
  switch (outcome) {
    case 'won':
      return msg('Won', { id: 'outcome.won' });
    case 'lost':
      return msg('Lost', { id: 'outcome.lost' });
    case 'invalid':
      return msg('Invalid', { id: 'outcome.invalid' });
  }
}

/** The same field names the server's refusals use (core's stage engine), capitalized. */
export function fieldLabel(field: RequirableField, locale: LodeLocale): string {
  const label = FIELD_LABELS[field][locale];
  return label.charAt(0).toUpperCase() + label.slice(1);
}
