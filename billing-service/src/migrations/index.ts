import type { Migration } from '@seatlease/shared';
import { initial } from './001-initial';
import { revenueTaxAndReversals } from './023-revenue-tax-and-reversals';

/** Every migration of the billing schema, in the order they run. */
export const migrations: Migration[] = [initial, revenueTaxAndReversals];
