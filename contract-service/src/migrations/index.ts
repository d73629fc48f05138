import type { Migration } from '@seatlease/shared';
import { initial } from './001-initial';
import { voidedRecords } from './023-voided-records';

/** Every migration of the contract schema, in the order they run. */
export const migrations: Migration[] = [initial, voidedRecords];
