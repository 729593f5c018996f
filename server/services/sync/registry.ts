// The datasets the Excel link serves. Each is one file beside
// this one implementing SyncEntity, and one line in DATASETS.
import { invalidField } from '../../trpc/errors.ts';
import type { SyncEntity } from './entity.ts';
import { customersDataset } from './customers.ts';
import { installmentsDataset } from './installments.ts';
import { opportunitiesDataset } from './opportunities.ts';
import { receiptsDataset } from './receipts.ts';

const DATASETS: SyncEntity<unknown>[] = [
  opportunitiesDataset,
  customersDataset,
  installmentsDataset,
  receiptsDataset,
];

export const DATASET_NAMES = DATASETS.map((d) => d.name);

export function datasetOf(name: string): SyncEntity<unknown> {
  const found = DATASETS.find((d) => d.name === name);
  if (!found)
    throw invalidField('entity', 'enum', `is not a dataset; one of: ${DATASET_NAMES.join(', ')}`);
  return found;
}
