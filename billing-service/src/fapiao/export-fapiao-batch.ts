/**
 * GET /v1/fapiao-requests/export?format=xlsx|csv — the pending blue requests as a batch file for
 * the tax platform (fapiao-batch.ts), oldest first, at most 500 per file (the platform's batches
 * are small; staff export again after recording). A request whose tenant has no invoicing profile
 * cannot be issued and is left out; the answer says how many (X-SeatLease-Skipped-No-Profile).
 * 红字 requests are not in it: the platform issues those against a 红字信息确认单.
 */
import { forbidden, invalid, parseWith } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { fapiaoRequests } from './fapiao.repository';
import { batchCsv, batchWorkbook, type BatchFapiao } from './fapiao-batch';
import { FapiaoExportQuery as query, MAX_FAPIAO_BATCH } from '@seatlease/shared/src/api';

export const MAX_BATCH = MAX_FAPIAO_BATCH;

export async function exportFapiaoBatch(deps: Deps, caller: Caller, input: unknown) {
  if (caller.scopeTenantId !== null) throw forbidden('only staff export fapiao batches');
  // API.md: an unknown query parameter is a 400 naming it.
  const unknown = Object.keys((input ?? {}) as object).filter((k) => !(k in query.shape));
  if (unknown.length > 0) throw invalid(unknown.map((k) => ({ path: k, message: `is not a parameter of this list (${Object.keys(query.shape).join(', ')})` })));
  const q = parseWith(query, input);
  const { rows } = await fapiaoRequests.page(deps.knex, { status: 'pending', kind: 'blue', tenantId: q.tenantId }, { limit: q.limit, order: 'asc' });
  const known = await deps.billParties(rows.map((r) => r.tenant_id), rows.map((r) => r.contract_id));
  const profiles = known.profiles;
  const fapiaos: BatchFapiao[] = [];
  let skipped = 0;
  for (const r of rows) {
    const p = profiles.get(r.tenant_id) ?? null;
    if (!p) {
      skipped++;
      continue;
    }
    fapiaos.push({
      serial: r.invoice_number,
      fapiaoType: p.fapiaoType,
      taxInclusive: r.tax_inclusive,
      vatRateBp: r.vat_rate_bp,
      buyer: { title: p.title, taxId: p.taxId, address: p.address, phone: p.phone, bankName: p.bankName, bankAccount: p.bankAccount, email: r.billing_emails[0] ?? null },
      note: [`账单 ${r.invoice_number}`, known.contractNumbers.get(r.contract_id) ? `合同 ${known.contractNumbers.get(r.contract_id)}` : null, `账期 ${r.period}`].filter(Boolean).join('，'),
      lines: r.lines,
    });
  }
  const stamp = new Date(caller.clock.nowMs()).toISOString().slice(0, 10);
  if (q.format === 'csv') {
    return { filename: `fapiao-batch-${stamp}.csv`, contentType: 'text/csv; charset=utf-8', body: Buffer.from(batchCsv(fapiaos), 'utf8'), count: fapiaos.length, skipped };
  }
  return {
    filename: `fapiao-batch-${stamp}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: await batchWorkbook(fapiaos),
    count: fapiaos.length,
    skipped,
  };
}
