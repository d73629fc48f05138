import { parseWith, today as todayOf } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { catalogues } from './catalogue.repository';
import { catalogueView } from './catalogue-view';
import { CatalogueQuery as query } from '@seatlease/shared/src/api';

/** The catalogue in force for a month (default: this month). */
export async function getCatalogue(deps: Deps, caller: Caller, input: unknown) {
  const q = parseWith(query, input);
  return catalogueView(await catalogues.forMonth(deps.knex, q.month ?? todayOf(caller.clock).slice(0, 7)));
}
