/** Only repositories touch the database (STYLE habit 8). */
import type { Knex } from 'knex';
import type { Fen, InvoiceKind, InvoiceLine, IsoDate, Month } from '@seatlease/shared';
import { insertRows } from '@seatlease/shared/src/copy-rows';
import { keysetPage, type PageRequest, type SortKey } from '@seatlease/shared';

/** Invoices newest first: by issue date, then number (unique, gapless in issue order). */
export const INVOICE_ORDER: readonly SortKey[] = [{ column: 'i.issued_on', type: 'date' }, { column: 'i.number', type: 'text' }];

export interface InvoiceListFilter {
  tenantId?: string | undefined;
  contractId?: string | undefined;
  number?: string | undefined;
  period?: Month | undefined;
  periodFrom?: Month | undefined;
  periodTo?: Month | undefined;
  dueBefore?: IsoDate | undefined;
  status?: 'open' | 'paid' | 'void' | undefined;
  /** Set (to today) for overdue=true: open and due before today; `notOverdueOn` for overdue=false. */
  overdueOn?: IsoDate | undefined;
  notOverdueOn?: IsoDate | undefined;
}

/**
 * What was paid and credited on `i`, for the status filters: the same derivation as
 * invoice-view.ts amountsOf, in SQL, so that a status filter runs before the limit.
 */
const SETTLEMENT_JOIN = `cross join lateral (select
    coalesce((select sum(a.amount_fen) from payment_allocations a where a.invoice_id = i.id), 0) as paid_fen,
    coalesce((select sum(cn.amount_fen) from credit_notes cn where cn.invoice_id = i.id), 0) as credited_fen) s`;
const VOID_SQL = '(s.credited_fen >= i.total_fen and i.total_fen > 0)';
const OPEN_SQL = `(not ${VOID_SQL} and i.total_fen - s.paid_fen - s.credited_fen > 0)`;
const STATUS_SQL = { void: VOID_SQL, open: OPEN_SQL, paid: `(not ${VOID_SQL} and i.total_fen - s.paid_fen - s.credited_fen <= 0)` } as const;

/** The list's filters on `invoices as i` (shared by the list and its export). */
export function filteredInvoices(db: Db, f: InvoiceListFilter): Knex.QueryBuilder {
  const b = db('invoices as i').select('i.*');
  if (f.tenantId) b.where('i.tenant_id', f.tenantId);
  if (f.contractId) b.where('i.contract_id', f.contractId);
  if (f.number) b.where('i.number', f.number);
  if (f.period) b.where('i.period', f.period);
  if (f.periodFrom) b.where('i.period', '>=', f.periodFrom);
  if (f.periodTo) b.where('i.period', '<=', f.periodTo);
  if (f.dueBefore) b.where('i.due_date', '<', f.dueBefore);
  if (f.status || f.overdueOn || f.notOverdueOn) b.joinRaw(SETTLEMENT_JOIN);
  if (f.status) b.whereRaw(STATUS_SQL[f.status]);
  if (f.overdueOn) b.whereRaw(`${OPEN_SQL} and i.due_date < ?::date`, [f.overdueOn]);
  if (f.notOverdueOn) b.whereRaw(`not (${OPEN_SQL} and i.due_date < ?::date)`, [f.notOverdueOn]);
  return b;
}

export type Db = Knex | Knex.Transaction;

export interface InvoiceRow {
  id: string;
  number: string;
  contract_id: string;
  tenant_id: string;
  tenant_name: string;
  billing_emails: string[];
  kind: InvoiceKind;
  period: Month;
  issued_on: IsoDate;
  due_date: IsoDate;
  currency: string;
  total_fen: Fen;
  tax_fen: Fen;
  vat_rate_bp: number;
  /** `revenue`: tax on the taxable lines (SPEC §2 as corrected); `whole_total`: issued before that correction. */
  tax_basis: 'revenue' | 'whole_total';
  /** Sum of the taxable lines; null on invoices issued before the correction (derive from the lines). */
  taxable_fen: Fen | null;
  /** Sum of the deposit lines; null on invoices issued before the correction. */
  deposit_fen: Fen | null;
  run_id: string | null;
  warnings: string[];
  created_at: Date;
}

export interface LineRow {
  id: number;
  invoice_id: string;
  contract_id: string;
  position: number;
  code: InvoiceLine['code'];
  description: string;
  quantity: number;
  unit_amount_fen: Fen;
  amount_fen: Fen;
  period: Month;
  clause: string;
  formula: string;
  ref: string;
}

export function toLine(r: LineRow): InvoiceLine {
  return {
    code: r.code,
    description: r.description,
    quantity: r.quantity,
    unitAmountFen: r.unit_amount_fen,
    amountFen: r.amount_fen,
    period: r.period,
    clause: r.clause,
    formula: r.formula,
    ref: r.ref,
  };
}

/**
 * The next number of a series, gapless per year: the counter row is locked by the issuing
 * transaction, so a rolled-back issue gives its number back (SPEC §9).
 */
export async function nextNumber(trx: Knex.Transaction, series: 'INV' | 'CN', year: number): Promise<string> {
  const rows = await trx.raw(
    `insert into invoice_numbers (series, year, last) values (?, ?, 1)
     on conflict (series, year) do update set last = invoice_numbers.last + 1
     returning last`,
    [series, year],
  );
  const n = rows.rows[0].last as number;
  return `${series}-${year}-${String(n).padStart(6, '0')}`;
}

/**
 * The invoices of a batch take the next `count` numbers of a series in one statement: the
 * counter row is locked until commit as for one (gapless, SPEC §9). Answers them in order.
 */
export async function nextNumbers(trx: Knex.Transaction, series: 'INV' | 'CN', year: number, count: number): Promise<string[]> {
  if (count === 0) return [];
  const rows = await trx.raw(
    `insert into invoice_numbers (series, year, last) values (?, ?, ?)
     on conflict (series, year) do update set last = invoice_numbers.last + excluded.last
     returning last`,
    [series, year, count],
  );
  const last = rows.rows[0].last as number;
  return Array.from({ length: count }, (_, i) => `${series}-${year}-${String(last - count + 1 + i).padStart(6, '0')}`);
}

function lineRows(invoiceId: string, contractId: string, lines: readonly InvoiceLine[]) {
  return lines.map((l, i) => ({
    invoice_id: invoiceId,
    contract_id: contractId,
    position: i + 1,
    code: l.code,
    description: l.description,
    quantity: l.quantity,
    unit_amount_fen: l.unitAmountFen,
    amount_fen: l.amountFen,
    period: l.period,
    clause: l.clause,
    formula: l.formula,
    ref: l.ref,
  }));
}

/** invoices.existingFor's query (bindings: contract ids, period, kind); its plan is tested. */
export const EXISTING_FOR_SQL = `select contract_id from (select contract_id, period, kind from invoices where contract_id = any(?::uuid[]) offset 0) s
  where period = ? and kind = ?`;

export const invoices = {
  page: (db: Db, filter: InvoiceListFilter, page: PageRequest) => keysetPage<InvoiceRow>(db, filteredInvoices(db, filter), INVOICE_ORDER, page),
  get: (db: Db, id: string) => db<InvoiceRow>('invoices').where({ id }).first(),
  find: (db: Db, contractId: string, period: Month, kind: InvoiceKind) =>
    db<InvoiceRow>('invoices').where({ contract_id: contractId, period, kind }).first(),
  linesOf: (db: Db, invoiceId: string) => db<LineRow>('invoice_lines').where({ invoice_id: invoiceId }).orderBy('position'),
  /** The lines of many invoices in one query, each invoice's in position order. */
  linesOfMany: async (db: Db, invoiceIds: readonly string[]): Promise<Map<string, LineRow[]>> => {
    const out = new Map<string, LineRow[]>();
    if (invoiceIds.length === 0) return out;
    const rows = (await db<LineRow>('invoice_lines').whereIn('invoice_id', invoiceIds).orderBy([{ column: 'invoice_id' }, { column: 'position' }])) as LineRow[];
    for (const r of rows) out.set(r.invoice_id, [...(out.get(r.invoice_id) ?? []), r]);
    return out;
  },
  /** The contracts among `contractIds` that already have their invoice of (period, kind). */
  existingFor: async (db: Db, contractIds: readonly string[], period: Month, kind: InvoiceKind): Promise<Set<string>> => {
    if (contractIds.length === 0) return new Set();
    // Looked up by contract only, then filtered: `offset 0` keeps the period out of the index
    // choice. A billing run fills a period that the table's statistics (analysed before the run)
    // say is empty, so with the period in reach PostgreSQL scans invoices_period_list — every
    // invoice of the period issued so far, once per batch, a cost that grows with the square of
    // the run (4 of 15 s at 100,000 contracts; docs/benchmarks.md, "Billing run"). By contract it
    // reads the contracts' own few invoices from the unique (contract_id, period, kind) index.
    const { rows } = await db.raw<{ rows: Array<{ contract_id: string }> }>(EXISTING_FOR_SQL, [contractIds as string[], period, kind]);
    return new Set(rows.map((r) => r.contract_id));
  },
  /** The contracts among `contractIds` that have an invoice of `kind` (any period). */
  contractsWithKind: async (db: Db, contractIds: readonly string[], kind: InvoiceKind): Promise<Set<string>> => {
    if (contractIds.length === 0) return new Set();
    return new Set((await db('invoices').where({ kind }).whereIn('contract_id', contractIds).pluck('contract_id')) as string[]);
  },
  /** The contract's first invoice of `kind` (one per contract for a final invoice). */
  firstOfKind: (db: Db, contractId: string, kind: InvoiceKind) => db<InvoiceRow>('invoices').where({ contract_id: contractId, kind }).first(),
  /** Whether the contract has an invoice of `kind` (any period). */
  hasKind: async (db: Db, contractId: string, kind: InvoiceKind): Promise<boolean> =>
    (await db('invoices').where({ contract_id: contractId, kind }).first('id')) !== undefined,
  /** Whether the tenant has an invoice of the contract (what a tenant may see of a contract, billing-side). */
  tenantHasContract: async (db: Db, tenantId: string, contractId: string): Promise<boolean> =>
    (await db('invoices').where({ contract_id: contractId, tenant_id: tenantId }).first('id')) !== undefined,
  /** How many invoices a billing run issued. */
  countOfRun: async (db: Db, runId: string): Promise<number> => Number((await db('invoices').where({ run_id: runId }).count({ n: '*' }).first())?.n ?? 0),
  /** Invoices due in [from, to], by due date. */
  dueBetween: async (db: Db, from: IsoDate, to: IsoDate): Promise<InvoiceRow[]> =>
    (await db<InvoiceRow>('invoices').whereBetween('due_date', [from, to]).orderBy('due_date')) as InvoiceRow[],
  /** A contract's invoices due before `day`. */
  dueBefore: async (db: Db, contractId: string, day: IsoDate): Promise<InvoiceRow[]> =>
    (await db<InvoiceRow>('invoices').where({ contract_id: contractId }).where('due_date', '<', day)) as InvoiceRow[],
  billedLines: async (db: Db, contractId: string): Promise<InvoiceLine[]> =>
    (await db<LineRow>('invoice_lines').where({ contract_id: contractId }).orderBy('id')).map(toLine),
  /** billedLines of many contracts in one query; every id gets an entry. */
  billedLinesOf: async (db: Db, contractIds: readonly string[]): Promise<Map<string, InvoiceLine[]>> => {
    const out = new Map<string, InvoiceLine[]>(contractIds.map((id) => [id, []]));
    if (contractIds.length === 0) return out;
    const rows = await db<LineRow>('invoice_lines').whereIn('contract_id', contractIds).orderBy('id');
    for (const r of rows) out.get(r.contract_id)!.push(toLine(r));
    return out;
  },
  /**
   * Many invoices' lines, in the order given, in one statement, before their invoices exist: the
   * lines' key to `invoices` is deferred to the commit (migration 019b), so a batch writes its
   * lines before it takes its invoice numbers (issue-invoice.ts). The lines' guard still holds: a
   * line for an invoice of an earlier transaction is refused at once, and one for an invoice that
   * never comes fails the commit.
   */
  insertLinesFirst: async (trx: Knex.Transaction, issued: ReadonlyArray<{ invoiceId: string; contractId: string; lines: readonly InvoiceLine[] }>) => {
    await trx.raw('set constraints invoice_lines_invoice_id_foreign deferred');
    await insertRows(trx, 'invoice_lines', issued.flatMap(({ invoiceId, contractId, lines }) => lineRows(invoiceId, contractId, lines)));
  },
  /** Many invoices, in the order given, in one statement (their lines: insertLinesFirst). */
  insertMany: async (trx: Knex.Transaction, rows: ReadonlyArray<Omit<InvoiceRow, 'created_at'>>) => {
    // warnings is a jsonb column: written as its JSON text (insertRows writes arrays as SQL arrays)
    await insertRows(trx, 'invoices', rows.map((row) => ({ ...row, warnings: JSON.stringify(row.warnings) })));
  },
};

/** Paid, credited and due amounts of invoices, derived from allocations and credit notes. */
export async function settlementOf(db: Db, invoiceIds: string[]): Promise<Map<string, { paidFen: Fen; creditedFen: Fen }>> {
  const out = new Map<string, { paidFen: Fen; creditedFen: Fen }>();
  for (const id of invoiceIds) out.set(id, { paidFen: 0, creditedFen: 0 });
  if (invoiceIds.length === 0) return out;
  // One after the other: inside a transaction both run on the same connection.
  const paid = await db('payment_allocations').whereIn('invoice_id', invoiceIds).groupBy('invoice_id').select('invoice_id').sum({ s: 'amount_fen' });
  const credited = await db('credit_notes').whereIn('invoice_id', invoiceIds).groupBy('invoice_id').select('invoice_id').sum({ s: 'amount_fen' });
  for (const r of paid as Array<{ invoice_id: string; s: string }>) out.get(r.invoice_id)!.paidFen = Number(r.s);
  for (const r of credited as Array<{ invoice_id: string; s: string }>) out.get(r.invoice_id)!.creditedFen = Number(r.s);
  return out;
}

/** Per invoice, the sum of its lines per code (for invoices whose split is not stored). */
export async function lineTotalsByCode(db: Db, invoiceIds: string[]): Promise<Map<string, Array<{ code: InvoiceLine['code']; amountFen: Fen }>>> {
  const out = new Map<string, Array<{ code: InvoiceLine['code']; amountFen: Fen }>>();
  if (invoiceIds.length === 0) return out;
  const rows = await db('invoice_lines').whereIn('invoice_id', invoiceIds).groupBy('invoice_id', 'code').select('invoice_id', 'code').sum({ s: 'amount_fen' });
  for (const r of rows as Array<{ invoice_id: string; code: InvoiceLine['code']; s: string }>) {
    let list = out.get(r.invoice_id);
    if (!list) out.set(r.invoice_id, (list = []));
    list.push({ code: r.code, amountFen: Number(r.s) });
  }
  return out;
}
