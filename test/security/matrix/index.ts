// Every domain's matrix rows. A new procedure needs a row here, or the matrix test fails.
import type { ListRow, Row } from './kit.ts';
import { foundationLists, foundationRows } from './foundation.ts';
import { leadsLists, leadsRows } from './leads.ts';
import { opportunitiesLists, opportunitiesRows } from './opportunities.ts';
import { reportsLists, reportsRows } from './reports.ts';
import { catalogueRows } from './catalogue.ts';
import { quotesOrdersRows } from './quotes-orders.ts';
import { receivablesRows } from './receivables.ts';
import { targetsRows } from './targets.ts';
import { syncRows } from './sync.ts';
import { changesRows } from './changes.ts';

export const ROWS: Row[] = [
  ...foundationRows,
  ...leadsRows,
  ...opportunitiesRows,
  ...reportsRows,
  ...catalogueRows,
  ...quotesOrdersRows,
  ...receivablesRows,
  ...targetsRows,
  ...syncRows,
  ...changesRows,
];
export const LISTS: ListRow[] = [
  ...foundationLists,
  ...leadsLists,
  ...opportunitiesLists,
  ...reportsLists,
];
