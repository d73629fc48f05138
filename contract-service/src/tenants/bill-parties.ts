/**
 * Internal: what billing prints about the parties of its documents and fapiao requests — each
 * tenant's invoicing profile (开票信息) and each contract's number. Batched: the fapiao export
 * asks for many at once.
 */
import { parseWith, z } from '@seatlease/shared';
import type { Deps } from '../deps';
import { invoicingProfileView, type InvoicingProfileView } from './tenant-view';
import { contractNumbersOf, invoicingProfiles, type InvoicingProfileRow } from '../contracts/contract.repository';

/** A limit on one call (STYLE habit 10). */
const MAX_IDS = 500;

const ids = z
  .string()
  .transform((s) => (s === '' ? [] : s.split(',')))
  .pipe(z.array(z.string().uuid({ message: 'must be a comma-separated list of UUIDs' })).max(MAX_IDS, { message: `at most ${MAX_IDS} ids` }));

const query = z.object({ tenantIds: ids.default([]), contractIds: ids.default([]) });

export async function billParties(deps: Deps, input: unknown) {
  const q = parseWith(query, input);
  const rows = q.tenantIds.length === 0 ? [] : ((await invoicingProfiles.getMany(deps.knex, q.tenantIds)) as InvoicingProfileRow[]);
  const tenants: Record<string, { invoicingProfile: InvoicingProfileView | null }> = {};
  for (const id of q.tenantIds) tenants[id] = { invoicingProfile: null };
  for (const r of rows) tenants[r.tenant_id] = { invoicingProfile: invoicingProfileView(r) };
  const contracts: Record<string, { number: string | null }> = {};
  for (const id of q.contractIds) contracts[id] = { number: null };
  for (const c of q.contractIds.length === 0 ? [] : await contractNumbersOf(deps.knex, q.contractIds)) contracts[c.id] = { number: c.number };
  return { tenants, contracts };
}
