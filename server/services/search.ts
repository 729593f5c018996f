import type { Knex } from 'knex';

/** Lower-cased text plus phone digits, kept in `search_text` so one LIKE serves the search box. */
export function searchText(parts: (string | null | undefined)[], phones: string[] = []): string {
  const words = parts.filter(Boolean).map((p) => String(p).toLowerCase());
  const digits = phones.map((p) => p.replace(/\D/g, '')).filter(Boolean);
  return [...words, ...digits].join(' ');
}

const PHONE_LIKE = /^[\d\s+()./-]+$/;

function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Filters on a search_text column: the term as typed (lower-cased), or its digits when it looks
 * like a phone number ("021-5555 0101" finds "+86 21 5555 0101"). Only a term made of phone
 * characters counts: the digits scattered through "acme2024x7" must not match someone's phone.
 */
export function whereSearch(column: string, term: string): (qb: Knex.QueryBuilder) => void {
  const lowered = term.toLowerCase();
  const digits = PHONE_LIKE.test(term) ? term.replace(/\D/g, '') : '';
  return (qb) => {
    qb.where((w) => {
      w.whereRaw(`${column} LIKE ? ESCAPE '\\'`, [likePattern(lowered)]);
      if (digits.length >= 4) w.orWhereRaw(`${column} LIKE ? ESCAPE '\\'`, [likePattern(digits)]);
    });
  };
}
