/**
 * Exports for finance (issue 24): `GET /v1/invoices/export` and `GET /v1/payments/export` with
 * the list's filters, `format=csv|xlsx`, `lang=zh|en` (Chinese headers by default) and, for
 * invoices, `lines=1` (one row per bill line). Streamed: rows are read a keyset page at a time
 * (oldest first) and written as they come — CSV with backpressure, XLSX with exceljs' streaming
 * WorkbookWriter — so memory stays flat whatever the number of rows (decision 0028).
 *
 * Money is yuan with two decimals, made from integer fen by string formatting (`yuanText`); an
 * XLSX cell holds that decimal as a number with the `0.00` format, so that a sheet can sum it.
 */
import type { Response } from 'express';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { assertFen, keysetPage, parseListQuery, type Fen, type PageRequest } from '@seatlease/shared';
import { filteredInvoices, INVOICE_ORDER, invoices, type InvoiceRow } from '../invoices/invoice.repository';
import { invoiceFilterOf } from '../invoices/list-invoices';
import { invoiceSummaries } from '../invoices/invoice-view';
import { filteredPayments, PAYMENT_ORDER, type PaymentRow } from '../payments/payment.repository';
import { paymentFilterOf, paymentViews } from '../payments/list-payments';
import type { Caller, Deps } from '../deps';
import { arAging } from '../reports/ar-aging';
import { tenantStatement } from '../reports/statement';
import { InvoiceExportQuery as invoiceExportQuery, PaymentExportQuery as paymentExportQuery, ArAgingExportQuery as agingExportQuery, StatementExportQuery as statementExportQuery } from '@seatlease/shared/src/api';

/** Rows read per page while streaming (a limit on everything). */
const EXPORT_PAGE_ROWS = 500;

/** `-1234.05` from -123405 fen: exact, by string formatting — never a float division. */
export function yuanText(fen: Fen): string {
  assertFen(fen);
  const abs = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

type Cell = string | number | null;
interface Column {
  zh: string;
  en: string;
  money?: boolean;
}

/** Writes rows to the response as CSV or XLSX, streamed. */
class SheetWriter {
  private workbook: ExcelJS.stream.xlsx.WorkbookWriter | null = null;
  private sheet: ExcelJS.Worksheet | null = null;

  constructor(
    private readonly res: Response,
    format: 'csv' | 'xlsx',
    private readonly columns: Column[],
    lang: 'zh' | 'en',
    name: string,
    sheetName: string,
  ) {
    const filename = `${name}.${format}`;
    res.setHeader('content-disposition', `attachment; filename="${filename}"`);
    const headers = columns.map((c) => c[lang]);
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8');
      // A BOM so that Excel opens UTF-8 Chinese correctly.
      res.write(`\uFEFF${Papa.unparse([headers])}\r\n`);
    } else {
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
      this.sheet = this.workbook.addWorksheet(sheetName);
      this.sheet.columns = columns.map((c) => ({ header: c[lang], width: c.money ? 14 : 20, ...(c.money ? { style: { numFmt: '0.00' } } : {}) }));
    }
  }

  /** One row; money cells are given as fen and written as yuan. Resolves when the stream can take more. */
  async row(cells: Cell[]): Promise<void> {
    const values = cells.map((v, i) => (this.columns[i]!.money && typeof v === 'number' ? yuanText(v) : v));
    if (this.sheet) {
      this.sheet.addRow(values.map((v, i) => (this.columns[i]!.money && typeof v === 'string' ? Number(v) : v))).commit();
      return;
    }
    if (!this.res.write(`${Papa.unparse([values.map((v) => v ?? '')])}\r\n`)) await new Promise((r) => this.res.once('drain', r));
  }

  async end(): Promise<void> {
    if (this.workbook && this.sheet) {
      this.sheet.commit();
      await this.workbook.commit();
    } else {
      this.res.end();
    }
  }
}

/** Walks a filtered query oldest first, a page at a time, until its end. */
async function* pagesOf<Row extends object>(deps: Deps, build: () => import('knex').Knex.QueryBuilder, keys: typeof INVOICE_ORDER): AsyncGenerator<Row[]> {
  let page: PageRequest = { limit: EXPORT_PAGE_ROWS, order: 'asc' };
  for (;;) {
    const got = await keysetPage<Row>(deps.knex, build(), keys, page);
    if (got.rows.length) yield got.rows;
    if (!got.hasMore || !got.nextCursor) return;
    page = { ...page, cursor: got.nextCursor };
  }
}

const INVOICE_COLUMNS: Column[] = [
  { zh: '账单号', en: 'Number' },
  { zh: '租户', en: 'Tenant' },
  { zh: '租户ID', en: 'Tenant ID' },
  { zh: '合同ID', en: 'Contract ID' },
  { zh: '账期', en: 'Period' },
  { zh: '类型', en: 'Kind' },
  { zh: '开具日期', en: 'Issued on' },
  { zh: '到期日', en: 'Due date' },
  { zh: '金额（元）', en: 'Total (CNY)', money: true },
  { zh: '税额（元）', en: 'Tax (CNY)', money: true },
  { zh: '已付（元）', en: 'Paid (CNY)', money: true },
  { zh: '已冲减（元）', en: 'Credited (CNY)', money: true },
  { zh: '应收（元）', en: 'Due (CNY)', money: true },
  { zh: '状态', en: 'Status' },
];

const LINE_COLUMNS: Column[] = [
  { zh: '账单号', en: 'Number' },
  { zh: '租户', en: 'Tenant' },
  { zh: '账期', en: 'Period' },
  { zh: '开具日期', en: 'Issued on' },
  { zh: '行号', en: 'Line' },
  { zh: '项目代码', en: 'Code' },
  { zh: '说明', en: 'Description' },
  { zh: '数量', en: 'Quantity' },
  { zh: '单价（元）', en: 'Unit amount (CNY)', money: true },
  { zh: '金额（元）', en: 'Amount (CNY)', money: true },
  { zh: '服务月份', en: 'Service month' },
  { zh: '条款', en: 'Clause' },
  { zh: '计算公式', en: 'Formula' },
];

/** GET /v1/invoices/export — the invoice list's filters; one row per bill, or per bill line with lines=1. */
export async function exportInvoices(deps: Deps, caller: Caller, query: unknown, res: Response): Promise<void> {
  const { format, lang, lines, ...filters } = parseListQuery(invoiceExportQuery, query);
  const filter = invoiceFilterOf(caller, filters);
  const perLine = lines === '1';
  const out = new SheetWriter(res, format, perLine ? LINE_COLUMNS : INVOICE_COLUMNS, lang, perLine ? 'invoice-lines' : 'invoices', perLine ? (lang === 'zh' ? '账单明细' : 'Invoice lines') : lang === 'zh' ? '账单' : 'Invoices');
  if (filter) {
    for await (const rows of pagesOf<InvoiceRow>(deps, () => filteredInvoices(deps.knex, filter), INVOICE_ORDER)) {
      if (perLine) {
        const all = await invoices.linesOfMany(deps.knex, rows.map((r) => r.id));
        for (const r of rows) {
          for (const l of all.get(r.id) ?? []) {
            await out.row([r.number, r.tenant_name, r.period, r.issued_on, l.position, l.code, l.description, l.quantity, l.unit_amount_fen, l.amount_fen, l.period, l.clause, l.formula]);
          }
        }
      } else {
        for (const s of await invoiceSummaries(deps.knex, rows)) {
          await out.row([s.number, s.tenantName, s.tenantId, s.contractId, s.period, s.kind, s.issuedOn, s.dueDate, s.total, s.tax, s.amountPaid, s.amountCredited, s.amountDue, s.status]);
        }
      }
    }
  }
  await out.end();
}

const PAYMENT_COLUMNS: Column[] = [
  { zh: '到账日期', en: 'Received on' },
  { zh: '租户ID', en: 'Tenant ID' },
  { zh: '方式', en: 'Method' },
  { zh: '流水号', en: 'Reference' },
  { zh: '金额（元）', en: 'Amount (CNY)', money: true },
  { zh: '转为余额（元）', en: 'To credit (CNY)', money: true },
  { zh: '核销账单', en: 'Applied to' },
  { zh: '付款ID', en: 'Payment ID' },
];

/** GET /v1/payments/export — the payment list's filters, one row per payment. */
export async function exportPayments(deps: Deps, caller: Caller, query: unknown, res: Response): Promise<void> {
  const { format, lang, ...filters } = parseListQuery(paymentExportQuery, query);
  const filter = paymentFilterOf(caller, filters);
  const out = new SheetWriter(res, format, PAYMENT_COLUMNS, lang, 'payments', lang === 'zh' ? '收款' : 'Payments');
  if (filter) {
    for await (const rows of pagesOf<PaymentRow>(deps, () => filteredPayments(deps.knex, filter), PAYMENT_ORDER)) {
      for (const p of await paymentViews(deps, rows)) {
        await out.row([p.receivedOn, p.tenantId, p.method, p.reference, p.amount, p.creditCreated, p.allocations.map((a) => `${a.number}:${yuanText(a.amount)}`).join('; '), p.id]);
      }
    }
  }
  await out.end();
}

const AGING_COLUMNS: Column[] = [
  { zh: '租户', en: 'Tenant' },
  { zh: '租户ID', en: 'Tenant ID' },
  { zh: '账单数', en: 'Invoices' },
  { zh: '未到期（元）', en: 'Current (CNY)', money: true },
  { zh: '逾期1-30天（元）', en: '1-30 days (CNY)', money: true },
  { zh: '逾期31-60天（元）', en: '31-60 days (CNY)', money: true },
  { zh: '逾期61-90天（元）', en: '61-90 days (CNY)', money: true },
  { zh: '逾期90天以上（元）', en: '90+ days (CNY)', money: true },
  { zh: '合计（元）', en: 'Total (CNY)', money: true },
  { zh: '余额（元）', en: 'Credit balance (CNY)', money: true },
];

/** GET /v1/reports/ar-aging/export — the aging report (one row per tenant, then the totals). */
export async function exportArAging(deps: Deps, caller: Caller, query: unknown, res: Response): Promise<void> {
  const { format, lang, ...rest } = parseListQuery(agingExportQuery, query);
  const report = await arAging(deps, caller, rest.asOf === undefined ? {} : { asOf: rest.asOf });
  const out = new SheetWriter(res, format, AGING_COLUMNS, lang, `ar-aging-${report.asOf}`, lang === 'zh' ? '应收账龄' : 'AR aging');
  for (const t of report.tenants) {
    await out.row([t.tenantName, t.tenantId, t.invoiceCount, t.current, t.days1to30, t.days31to60, t.days61to90, t.days90plus, t.total, t.creditBalance]);
  }
  const tt = report.totals;
  await out.row([lang === 'zh' ? '合计' : 'Total', null, null, tt.current, tt.days1to30, tt.days31to60, tt.days61to90, tt.days90plus, tt.total, null]);
  await out.end();
}

const STATEMENT_COLUMNS: Column[] = [
  { zh: '日期', en: 'Date' },
  { zh: '类型', en: 'Type' },
  { zh: '单号', en: 'Reference' },
  { zh: '摘要', en: 'Description' },
  { zh: '金额（元）', en: 'Amount (CNY)', money: true },
  { zh: '余额（元）', en: 'Balance (CNY)', money: true },
];

/** GET /v1/tenants/:id/statement/export — the statement of account: opening balance, movements, closing balance. */
export async function exportStatement(deps: Deps, caller: Caller, tenantId: string, query: unknown, res: Response): Promise<void> {
  const { format, lang, ...range } = parseListQuery(statementExportQuery, query);
  const s = await tenantStatement(deps, caller, tenantId, Object.fromEntries(Object.entries(range).filter(([, v]) => v !== undefined)));
  const out = new SheetWriter(res, format, STATEMENT_COLUMNS, lang, `statement-${s.to}`, lang === 'zh' ? '对账单' : 'Statement');
  await out.row([s.from ?? '', lang === 'zh' ? '期初余额' : 'opening balance', null, s.tenantName, null, s.openingBalance]);
  for (const m of s.movements) await out.row([m.date, m.type, m.reference, m.description, m.amount, m.balance]);
  await out.row([s.to, lang === 'zh' ? '期末余额' : 'closing balance', null, s.tenantName, null, s.closingBalance]);
  await out.end();
}
