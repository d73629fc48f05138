import { month, parseWith, today as todayOf, z } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { catalogues } from './catalogue.repository';
import { catalogueView } from './catalogue-view';

const query = z.object({ month: month().optional() }).strict();

/** The catalogue in force for a month (default: this month). */
export async function getCatalogue(deps: Deps, caller: Caller, input: unknown) {
  const q = parseWith(query, input);
  return catalogueView(await catalogues.forMonth(deps.knex, q.month ?? todayOf(caller.clock).slice(0, 7)));
}
