/**
 * Issue 24: finance exports through the gateway, read back as a finance team would (CSV parsed,
 * XLSX opened with exceljs): the list's filters, Chinese or English headers, yuan with two
 * decimals that sum to the fen of the API, one row per bill line with lines=1.
 */
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { startSystem, ADMIN_TOKEN, type System } from '../src/system';

/** "1234.05" → 123405, exactly (string arithmetic, no float). */
function fenOf(yuan: string | number): number {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(typeof yuan === 'number' ? yuan.toFixed(2) : yuan);
  if (!m) throw new Error(`not yuan with two decimals: ${yuan}`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
}

describe('finance exports: CSV and XLSX, streamed, yuan to the fen', function () {
  this.timeout(120_000);
  let sys: System;
  let tenantId: string;

  const download = async (path: string) => {
    const res = await fetch(`${sys.gatewayUrl}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    return { status: res.status, type: res.headers.get('content-type') ?? '', disposition: res.headers.get('content-disposition') ?? '', bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const csv = (bytes: Buffer) => {
    const text = bytes.toString('utf8');
    expect(text.charCodeAt(0), 'a BOM for Excel').to.equal(0xfeff);
    return Papa.parse<string[]>(text.slice(1).trim(), { skipEmptyLines: true }).data;
  };
  const xlsx = async (bytes: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows: Array<Array<string | number>> = [];
    ws.eachRow((row) => rows.push((row.values as Array<string | number>).slice(1)));
    return rows;
  };

  before(async () => {
    sys = await startSystem('exports');
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    const t = await sys.api('POST', '/v1/tenants', { name: '导出测试有限公司', billingEmails: ['ap@export.example'] });
    tenantId = t.body.id;
    for (let i = 0; i < 3; i++) {
      const c = await sys.api('POST', '/v1/contracts', { tenantId, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: 1 + i, openingDate: '2027-03-15', vatRate: 0.06 });
      expect(c.status, c.text).to.equal(201);
    }
    await sys.advanceTo('2027-04-11T09:00:00+08:00');
    const first = (await sys.api('GET', `/v1/invoices?tenantId=${tenantId}&order=asc&limit=1`)).body.data[0];
    const paid = await sys.api('POST', '/v1/payments', { tenantId, amount: first.amountDue, method: 'bank_transfer', reference: 'EXP-1', receivedOn: '2027-04-11', invoiceId: first.id });
    expect(paid.status, paid.text).to.equal(201);
    expect((await sys.api('POST', '/v1/payments', { tenantId, amount: 12345, method: 'bank_transfer', reference: 'EXP-2', receivedOn: '2027-04-11' })).status).to.equal(201);
  });
  after(async () => sys.close());

  it('invoices as CSV (Chinese headers) and XLSX (English): every bill once, amounts summing to the fen', async () => {
    const api = (await sys.api('GET', `/v1/invoices?tenantId=${tenantId}&order=asc&limit=500`)).body.data as Array<{ number: string; total: number; amountDue: number; status: string }>;
    expect(api.length).to.be.at.least(6);
    const c = await download(`/v1/invoices/export?tenantId=${tenantId}&format=csv`);
    expect(c.status).to.equal(200);
    expect(c.type).to.match(/^text\/csv/);
    expect(c.disposition).to.match(/attachment; filename="invoices\.csv"/);
    const rows = csv(c.bytes);
    expect(rows[0]).to.include.members(['账单号', '金额（元）', '应收（元）', '状态']);
    const body = rows.slice(1);
    expect(body.map((r) => r[0])).to.deep.equal(api.map((i) => i.number));
    const totalCol = rows[0]!.indexOf('金额（元）');
    const dueCol = rows[0]!.indexOf('应收（元）');
    for (const r of body) expect(r[totalCol]).to.match(/^-?\d+\.\d{2}$/);
    expect(body.reduce((s, r) => s + fenOf(r[totalCol]!), 0)).to.equal(api.reduce((s, i) => s + i.total, 0));
    expect(body.reduce((s, r) => s + fenOf(r[dueCol]!), 0)).to.equal(api.reduce((s, i) => s + i.amountDue, 0));

    const x = await download(`/v1/invoices/export?tenantId=${tenantId}&format=xlsx&lang=en&status=open`);
    expect(x.type).to.match(/spreadsheetml/);
    const sheet = await xlsx(x.bytes);
    expect(sheet[0]).to.include.members(['Number', 'Total (CNY)', 'Due (CNY)', 'Status']);
    const open = api.filter((i) => i.status === 'open');
    expect(sheet.slice(1).map((r) => r[0])).to.deep.equal(open.map((i) => i.number));
    const xDue = sheet[0]!.indexOf('Due (CNY)');
    expect(sheet.slice(1).reduce((s, r) => s + fenOf(r[xDue]!), 0)).to.equal(open.reduce((s, i) => s + i.amountDue, 0));
  });

  it('lines=1: one row per bill line, lines summing to each bill', async () => {
    const api = (await sys.api('GET', `/v1/invoices?tenantId=${tenantId}&limit=500`)).body.data as Array<{ id: string; number: string; total: number }>;
    const x = await download(`/v1/invoices/export?tenantId=${tenantId}&format=xlsx&lines=1`);
    const sheet = await xlsx(x.bytes);
    expect(sheet[0]).to.include.members(['账单号', '项目代码', '金额（元）', '条款']);
    const numberCol = sheet[0]!.indexOf('账单号');
    const amountCol = sheet[0]!.indexOf('金额（元）');
    let lines = 0;
    for (const inv of api) {
      const detail = (await sys.api('GET', `/v1/invoices/${inv.id}`)).body as { lines: unknown[]; total: number };
      const rows = sheet.slice(1).filter((r) => r[numberCol] === inv.number);
      expect(rows.length, inv.number).to.equal(detail.lines.length);
      lines += rows.length;
      // The bill's total is its lines plus VAT (§ invoice total): the lines' sum is exact to the fen.
      const sum = rows.reduce((s, r) => s + fenOf(r[amountCol]!), 0);
      expect(sum).to.equal((detail.lines as Array<{ amount: number }>).reduce((s, l) => s + l.amount, 0));
    }
    expect(sheet.length - 1).to.equal(lines);
  });

  it('the aging report and the statement as CSV and XLSX, to the fen of their JSON', async () => {
    const aging = (await sys.api('GET', '/v1/reports/ar-aging')).body as { totals: { total: number; current: number } };
    const a = csv((await download('/v1/reports/ar-aging/export')).bytes);
    expect(a[0]).to.include.members(['租户', '合计（元）']);
    const totalRow = a.at(-1)!;
    expect(totalRow[0]).to.equal('合计');
    expect(fenOf(totalRow[a[0]!.indexOf('合计（元）')]!)).to.equal(aging.totals.total);
    expect(fenOf(totalRow[a[0]!.indexOf('未到期（元）')]!)).to.equal(aging.totals.current);
    const statement = (await sys.api('GET', `/v1/tenants/${tenantId}/statement`)).body as { closingBalance: number; movements: Array<{ amount: number }> };
    const x = await xlsx((await download(`/v1/tenants/${tenantId}/statement/export?format=xlsx&lang=en`)).bytes);
    expect(x[0]).to.deep.equal(['Date', 'Type', 'Reference', 'Description', 'Amount (CNY)', 'Balance (CNY)']);
    expect(x.length).to.equal(statement.movements.length + 3);
    expect(fenOf(x.at(-1)![5]!)).to.equal(statement.closingBalance);
    const sum = x.slice(2, -1).reduce((s, r) => s + fenOf(r[4]!), 0);
    expect(sum).to.equal(statement.movements.reduce((s, m) => s + m.amount, 0));
  });

  it('payments as CSV and XLSX with the list filters; bad parameters refused by name', async () => {
    const c = csv((await download(`/v1/payments/export?tenantId=${tenantId}&receivedFrom=2027-04-01`)).bytes);
    expect(c[0]).to.include.members(['到账日期', '流水号', '金额（元）']);
    expect(c.slice(1).map((r) => r[c[0]!.indexOf('流水号')]).sort()).to.deep.equal(['EXP-1', 'EXP-2']);
    const payments = (await sys.api('GET', `/v1/payments?tenantId=${tenantId}`)).body.data as Array<{ amount: number }>;
    expect(c.slice(1).reduce((s, r) => s + fenOf(r[c[0]!.indexOf('金额（元）')]!), 0)).to.equal(payments.reduce((s, p) => s + p.amount, 0));
    const x = await xlsx((await download(`/v1/payments/export?tenantId=${tenantId}&format=xlsx&lang=en&reference=EXP-2`)).bytes);
    expect(x.length).to.equal(2);
    expect(fenOf(x[1]![x[0]!.indexOf('Amount (CNY)')]!)).to.equal(12345);
    for (const [path, field] of [['/v1/invoices/export?format=pdf', 'format'], ['/v1/payments/export?lang=fr', 'lang'], ['/v1/invoices/export?cursor=x', 'cursor']] as const) {
      const res = await sys.api('GET', path);
      expect(res.status, path).to.equal(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).to.include(field);
    }
  });
});
