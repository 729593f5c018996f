// Catalogue entries (stages, price lists, teams, products) carry a name in the team's own
// language and an optional English one: English readers get the English name when there is one.

export interface BilingualName {
  name: string;
  nameEn: string | null;
}

export function localizedName(entry: BilingualName, locale: string): string {
  return locale === 'en' && entry.nameEn ? entry.nameEn : entry.name;
}
