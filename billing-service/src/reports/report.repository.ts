/** Read-only queries behind the reports (only repositories touch the database). */
import type { Fen, IsoDate } from '@seatlease/shared';
import type { Db } from '../invoices/invoice.repository';
import type { Receivable } from './aging';
import type { Movement } from './statement-lines';

const METHOD_LABEL: Record<string, string> = {
  bank_transfer: '银行转账 / bank transfer',
  card: '银行卡 / card',
  alipay: '支付宝 / Alipay',
  wechat_pay: '微信支付 / WeChat Pay',
};

/** Every invoice issued on or before `asOf` with what was still due on that date. */
export async function receivablesAsOf(db: Db, asOf: IsoDate): Promise<Receivable[]> {
  const rows = await db.raw(
    `select i.tenant_id, i.tenant_name, i.due_date,
            (i.total_fen - coalesce(p.s, 0) - coalesce(c.s, 0))::bigint as due_fen
       from invoices i
       left join lateral (select sum(amount_fen) as s from payment_allocations pa where pa.invoice_id = i.id and pa.on_date <= ?) p on true
       left join lateral (select sum(amount_fen) as s from credit_notes cn where cn.invoice_id = i.id and cn.issued_on <= ?) c on true
      where i.issued_on <= ?
        and i.total_fen - coalesce(p.s, 0) - coalesce(c.s, 0) > 0
      order by i.tenant_id, i.due_date, i.number`,
    [asOf, asOf, asOf],
  );
  return (rows.rows as Array<{ tenant_id: string; tenant_name: string; due_date: IsoDate; due_fen: Fen }>).map((r) => ({
    tenantId: r.tenant_id,
    tenantName: r.tenant_name,
    dueDate: r.due_date,
    dueFen: r.due_fen,
  }));
}

/** Tenants' credit balances as of a date (credit_ledger sums), for those that have any. */
export async function creditBalancesAsOf(db: Db, asOf: IsoDate, tenantId?: string): Promise<Map<string, Fen>> {
  const b = db('credit_ledger').where('on_date', '<=', asOf).groupBy('tenant_id').select('tenant_id').sum({ s: 'amount_fen' });
  if (tenantId) b.where({ tenant_id: tenantId });
  const rows = (await b) as Array<{ tenant_id: string; s: string | number }>;
  return new Map(rows.map((r) => [r.tenant_id, Number(r.s)]).filter(([, v]) => v !== 0) as Array<[string, Fen]>);
}

/** The deposit held per contract of the tenant as of a date (deposit_ledger sums). */
export async function depositsAsOf(db: Db, tenantId: string, asOf: IsoDate): Promise<Array<{ contractId: string; heldFen: Fen }>> {
  const rows = (await db('deposit_ledger')
    .where({ tenant_id: tenantId })
    .where('on_date', '<=', asOf)
    .groupBy('contract_id')
    .orderBy('contract_id')
    .select('contract_id')
    .sum({ s: 'amount_fen' })) as Array<{ contract_id: string; s: string | number }>;
  return rows.map((r) => ({ contractId: r.contract_id, heldFen: Number(r.s) }));
}

/** Counts the tenant's movements up to `to` (to refuse a statement too large to answer). */
export async function movementCount(db: Db, tenantId: string, to: IsoDate): Promise<number> {
  const r = await db.raw(
    `select (select count(*) from invoices where tenant_id = ? and issued_on <= ?)
          + (select count(*) from credit_notes where tenant_id = ? and issued_on <= ?)
          + (select count(*) from payments where tenant_id = ? and received_on <= ?)
          + (select count(*) from payments where tenant_id = ? and reversed_on <= ?) as n`,
    [tenantId, to, tenantId, to, tenantId, to, tenantId, to],
  );
  return Number(r.rows[0].n);
}

/** Every movement of the tenant's balance up to `to` (see statement-lines.ts for the signs). */
export async function movementsOf(db: Db, tenantId: string, to: IsoDate): Promise<Movement[]> {
  const out: Movement[] = [];
  const invoiceRows = (await db.raw(
    `select i.id, i.number, i.kind, i.period, i.issued_on, i.due_date, i.total_fen,
            coalesce((select sum(l.amount_fen) from invoice_lines l where l.invoice_id = i.id and l.code = 'credit_carried'), 0)::bigint as credit_line_fen
       from invoices i where i.tenant_id = ? and i.issued_on <= ?`,
    [tenantId, to],
  )).rows as Array<{ id: string; number: string; kind: string; period: string; issued_on: IsoDate; due_date: IsoDate; total_fen: Fen; credit_line_fen: Fen }>;
  for (const i of invoiceRows) {
    out.push({ date: i.issued_on, type: 'invoice', reference: i.number, description: `账单 / bill ${i.period} (${i.kind}), due ${i.due_date}`, amountFen: i.total_fen, invoiceId: i.id });
    if (i.credit_line_fen > 0) {
      out.push({ date: i.issued_on, type: 'credit', reference: i.number, description: `结转为账户余额 / credit carried to balance from ${i.number}`, amountFen: -i.credit_line_fen, invoiceId: i.id });
    } else if (i.credit_line_fen < 0) {
      out.push({ date: i.issued_on, type: 'credit', reference: i.number, description: `使用账户余额 / credit balance used on ${i.number}`, amountFen: -i.credit_line_fen, invoiceId: i.id });
    }
  }
  const notes = (await db('credit_notes as cn')
    .join('invoices as i', 'i.id', 'cn.invoice_id')
    .where('cn.tenant_id', tenantId)
    .where('cn.issued_on', '<=', to)
    .select('cn.id', 'cn.number', 'cn.issued_on', 'cn.amount_fen', 'cn.reason', 'cn.invoice_id', { invoice_number: 'i.number' })) as Array<{ id: string; number: string; issued_on: IsoDate; amount_fen: Fen; reason: string; invoice_id: string; invoice_number: string }>;
  for (const n of notes) {
    out.push({ date: n.issued_on, type: 'credit_note', reference: n.number, description: `账单冲减 / credit note against ${n.invoice_number}: ${n.reason}`, amountFen: -n.amount_fen, invoiceId: n.invoice_id, creditNoteId: n.id });
  }
  const pays = (await db('payments').where({ tenant_id: tenantId }).where('received_on', '<=', to).select('id', 'reference', 'method', 'received_on', 'amount_fen', 'reversed_on', 'reverse_reason')) as Array<{ id: string; reference: string; method: string; received_on: IsoDate; amount_fen: Fen; reversed_on: IsoDate | null; reverse_reason: string | null }>;
  for (const p of pays) {
    out.push({ date: p.received_on, type: 'payment', reference: p.reference, description: `收款 / payment received (${METHOD_LABEL[p.method] ?? p.method})`, amountFen: -p.amount_fen, paymentId: p.id });
    // Decision 0018: a reversed payment stays on the statement, and its reversal is a movement of its own.
    if (p.reversed_on !== null && p.reversed_on <= to) {
      out.push({ date: p.reversed_on, type: 'payment_reversed', reference: p.reference, description: `冲销收款 / payment reversed: ${p.reverse_reason}`, amountFen: p.amount_fen, paymentId: p.id });
    }
  }
  const fromDeposit = (await db('payment_allocations as a')
    .join('invoices as i', 'i.id', 'a.invoice_id')
    .where('i.tenant_id', tenantId)
    .where('a.source', 'deposit')
    .where('a.on_date', '<=', to)
    .select('a.on_date', 'a.amount_fen', 'a.invoice_id', { number: 'i.number' })) as Array<{ on_date: IsoDate; amount_fen: Fen; invoice_id: string; number: string }>;
  for (const d of fromDeposit) {
    out.push({ date: d.on_date, type: 'deposit_applied', reference: d.number, description: `押金抵扣 / deposit applied to ${d.number}`, amountFen: -d.amount_fen, invoiceId: d.invoice_id });
  }
  // Decision 0017: a void corrected after the final bill beyond what a credit note could take is tenant credit.
  const corrected = (await db('credit_ledger').where({ tenant_id: tenantId, entry: 'void_correction' }).where('on_date', '<=', to).select('id', 'on_date', 'amount_fen', 'invoice_id')) as Array<{ id: number; on_date: IsoDate; amount_fen: Fen; invoice_id: string | null }>;
  for (const c of corrected) {
    out.push({ date: c.on_date, type: 'credit', reference: `void-correction-${c.id}`, description: '作废记录更正，计入账户余额 / voided record corrected, to the credit balance', amountFen: -c.amount_fen, invoiceId: c.invoice_id ?? undefined });
  }
  const refunded = (await db('credit_ledger').where({ tenant_id: tenantId, entry: 'refunded' }).where('on_date', '<=', to).select('id', 'on_date', 'amount_fen')) as Array<{ id: number; on_date: IsoDate; amount_fen: Fen }>;
  for (const r of refunded) {
    out.push({ date: r.on_date, type: 'credit_refunded', reference: `credit-refund-${r.id}`, description: '余额退款 / credit balance refunded', amountFen: -r.amount_fen });
  }
  return out;
}
