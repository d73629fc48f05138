/**
 * From 开票信息 to a recorded fapiao, through the public API (issue 14): tenants' invoicing
 * profiles are checked at the door; a paid bill gets a fapiao request for its revenue only
 * (deposits are not sold); the batch workbook for the tax platform, read back with exceljs,
 * adds up — as the platform will compute it from 金额, 税率 and 是否含税 — to the bills' amounts
 * excluding tax and their tax, to the fen; the numbers recorded back show on the statement and
 * on the bill.
 */
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { fetchPdfText } from '../src/pdf-text';
import { startSystem, ADMIN_TOKEN, type System } from '../src/system';

const yuanToFen = (s: string) => {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(s);
  if (!m) throw new Error(`not a 2-decimal amount: ${JSON.stringify(s)}`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
};
const rateToBp = (s: string) => Math.round(Number(s) * 10000);
/** What the platform computes for a detail row (its own rounding, half up). */
function platform(amountFen: number, rateBp: number, inclusive: boolean) {
  if (inclusive) {
    const net = Number((BigInt(amountFen) * 10000n * 2n + BigInt(10000 + rateBp)) / (2n * BigInt(10000 + rateBp)));
    return { net, tax: amountFen - net };
  }
  return { net: amountFen, tax: Number((BigInt(amountFen) * BigInt(rateBp) * 2n + 10000n) / 20000n) };
}
/** The bill's VAT rule: on revenue lines only, tax = taxable − round(taxable / (1 + rate)). */
const NOT_REVENUE = new Set(['deposit', 'deposit_topup', 'deposit_release', 'deposit_settlement', 'credit_carried']);
function billRevenue(bill: { lines: Array<{ code: string; amount: number }>; vatRate: number }, creditedFen = 0) {
  const taxable = bill.lines.filter((l) => !NOT_REVENUE.has(l.code)).reduce((s, l) => s + l.amount, 0) - creditedFen;
  const bp = Math.round(bill.vatRate * 10000);
  const net = Number((BigInt(taxable) * 10000n * 2n + BigInt(10000 + bp)) / (2n * BigInt(10000 + bp)));
  return { taxable, net, tax: taxable - net };
}

describe('fapiao: invoicing profiles, requests, the batch workbook and recorded numbers (issue 14)', () => {
  let sys: System;
  const tenants: Array<{ id: string; name: string; taxId: string; fapiaoType: 'special' | 'normal'; contractId: string; contractNumber: string; invoiceId: string; invoiceNumber: string }> = [];
  const PROFILES = [
    { name: '上海鼎信客户服务外包有限公司', taxId: '91350100M000100Y43', fapiaoType: 'special' as const, seats: 10, extra: { address: '上海市浦东新区张江路 88 号', phone: '021-5080 1234', bankName: '招商银行上海张江支行', bankAccount: '1219 0888 0010 001' } },
    { name: '北京华通呼叫中心有限公司', taxId: '91110108551385082Q', fapiaoType: 'normal' as const, seats: 7, extra: {} },
    { name: '广州粤声信息服务有限公司', taxId: '91440300708461136T', fapiaoType: 'normal' as const, seats: 3, extra: {} },
  ];

  before(async () => {
    sys = await startSystem('fapiao');
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
  });
  after(async () => sys.close());

  it('refuses a bad tax ID and a 专票 profile missing fields, naming the field, storing nothing', async () => {
    const t = await sys.api('POST', '/v1/tenants', { name: '校验测试有限公司', billingEmails: ['ap@check.example'] });
    const bad = await sys.api('PUT', `/v1/tenants/${t.body.id}/invoicing-profile`, { title: '校验测试有限公司', taxId: '91350100M000100Y4A', fapiaoType: 'normal' });
    expect(bad.status).to.equal(400);
    expect(bad.headers.get('content-type')).to.contain('application/problem+json');
    expect(bad.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['taxId']);
    const incomplete = await sys.api('PUT', `/v1/tenants/${t.body.id}/invoicing-profile`, { title: '校验测试有限公司', taxId: '91350100M000100Y43', fapiaoType: 'special', address: '某地' });
    expect(incomplete.status).to.equal(400);
    expect(incomplete.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['phone', 'bankName', 'bankAccount']);
    expect((await sys.api('GET', `/v1/tenants/${t.body.id}`)).body.invoicingProfile).to.equal(null);
    expect(await sys.contract.knex('tenant_invoicing_profiles').where({ tenant_id: t.body.id })).to.deep.equal([]);
  });

  it('a month paid for three tenants → three fapiao requests for the rent only (deposits are not sold)', async () => {
    for (const p of PROFILES) {
      const t = await sys.api('POST', '/v1/tenants', { name: p.name, billingEmails: [`ap@${p.taxId.toLowerCase()}.example`] });
      const put = await sys.api('PUT', `/v1/tenants/${t.body.id}/invoicing-profile`, { title: p.name, taxId: p.taxId, fapiaoType: p.fapiaoType, ...p.extra });
      expect(put.status, put.text).to.equal(200);
      const c = await sys.api('POST', '/v1/contracts', { tenantId: t.body.id, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: p.seats, openingDate: '2027-03-15' });
      expect(c.status, c.text).to.equal(201);
      expect(c.body.number).to.match(/^HT-2027-\d{6}$/);
      const inv = (await sys.api('GET', `/v1/invoices?contractId=${c.body.id}`)).body.data[0];
      tenants.push({ id: t.body.id, name: p.name, taxId: p.taxId, fapiaoType: p.fapiaoType, contractId: c.body.id, contractNumber: c.body.number, invoiceId: inv.id, invoiceNumber: inv.number });
    }
    expect((await sys.api('GET', '/v1/fapiao-requests')).body).to.deep.equal({ data: [], hasMore: false, nextCursor: null });
    for (const t of tenants) {
      const bill = (await sys.api('GET', `/v1/invoices/${t.invoiceId}`)).body;
      const paid = await sys.api('POST', '/v1/payments', { tenantId: t.id, amount: bill.total, method: 'bank_transfer', reference: `CMB-${t.invoiceNumber}`, receivedOn: '2027-03-01' });
      expect(paid.status, paid.text).to.equal(201);
    }
    const list = await sys.api('GET', '/v1/fapiao-requests?status=pending&order=asc');
    expect(list.status, list.text).to.equal(200);
    expect(list.body.data.map((r: { invoiceNumber: string }) => r.invoiceNumber)).to.deep.equal(tenants.map((t) => t.invoiceNumber));
    for (const r of list.body.data) {
      const bill = (await sys.api('GET', `/v1/invoices/${r.invoiceId}`)).body;
      const want = billRevenue(bill);
      expect(r).to.include({ kind: 'blue', status: 'pending', amountInclTax: want.taxable, amountExclTax: want.net, tax: want.tax });
      // The bill's own figures (SPEC §2: VAT on revenue only) are the fapiao's.
      expect(bill).to.include({ taxableAmount: want.taxable, tax: want.tax });
      expect(want.taxable).to.be.below(bill.total); // the deposit is not on it
      expect(r.lines.map((l: { name: string; taxCode: string }) => [l.name, l.taxCode])).to.deep.equal([['坐席租赁服务', '3040204000000000000']]);
    }
    // Keyset pages: two, then one, then none.
    const p1 = await sys.api('GET', '/v1/fapiao-requests?limit=2');
    expect(p1.body.data).to.have.length(2);
    expect(p1.body.hasMore).to.equal(true);
    const p2 = await sys.api('GET', `/v1/fapiao-requests?limit=2&cursor=${p1.body.nextCursor}`);
    expect(p2.body).to.deep.include({ hasMore: false, nextCursor: null });
    expect([...p1.body.data, ...p2.body.data].map((r: { id: string }) => r.id).sort()).to.deep.equal(list.body.data.map((r: { id: string }) => r.id).sort());
    const unknown = await sys.api('GET', '/v1/fapiao-requests?state=pending');
    expect(unknown.status).to.equal(400);
    expect(unknown.body.errors[0].path).to.equal('state');
    // tenant finance users do not see the worklist
    const key = await sys.api('POST', '/v1/api-keys', { role: 'tenant_finance', tenantId: tenants[0]!.id, name: 'ap' });
    expect((await sys.as(key.body.token)('GET', '/v1/fapiao-requests')).status).to.equal(403);
  });

  it('exports the batch workbook: read back with exceljs, it adds up to the bills to the fen', async () => {
    const res = await fetch(`${sys.gatewayUrl}/v1/fapiao-requests/export?format=xlsx`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.contain('spreadsheetml');
    expect(res.headers.get('x-seatlease-fapiao-count')).to.equal('3');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).to.deep.equal(['1-发票基本信息', '2-发票明细信息', '3-特定业务信息', '4-附加要素信息', 'excelVersion']);
    expect(wb.getWorksheet('excelVersion')!.getCell('A4').value).to.equal('pt:20260401');
    const basic = wb.getWorksheet('1-发票基本信息')!;
    const detail = wb.getWorksheet('2-发票明细信息')!;
    const headers = (ws: ExcelJS.Worksheet) => (ws.getRow(3).values as unknown[]).slice(1) as string[];
    expect(headers(basic)).to.have.length(39);
    expect(headers(detail)).to.deep.equal(['发票流水号', '项目名称', '商品和服务税收编码', '规格型号', '单位', '数量', '单价', '金额', '税率', '折扣金额', '是否使用优惠政策', '优惠政策类型', '即征即退类型', '煤炭种类']);
    const rowsOf = (ws: ExcelJS.Worksheet) => {
      const h = headers(ws);
      const out: Array<Record<string, string>> = [];
      ws.eachRow((row, n) => {
        if (n < 4) return;
        const rec: Record<string, string> = {};
        h.forEach((name, i) => {
          const v = row.getCell(i + 1).value;
          if (v !== null && v !== undefined) {
            expect(typeof v, `${ws.name} ${name} is text`).to.equal('string'); // 填表说明 5
            rec[name] = v as string;
          }
        });
        out.push(rec);
      });
      return out;
    };
    const fapiaos = rowsOf(basic);
    const lines = rowsOf(detail);
    expect(fapiaos.map((f) => [f['发票流水号'], f['发票类型'], f['购买方名称'], f['购买方纳税人识别号']])).to.deep.equal(
      tenants.map((t) => [t.invoiceNumber, t.fapiaoType === 'special' ? '增值税专用发票' : '普通发票', t.name, t.taxId]),
    );
    expect(fapiaos[0]).to.include({ 购买方地址: '上海市浦东新区张江路 88 号', 购买方开户银行: '招商银行上海张江支行', 购买方银行账号: '1219 0888 0010 001', 受票方自然人标识: '否' });
    // What the platform will compute from 金额, 税率 and 是否含税 equals each bill's revenue, net and tax.
    let netSum = 0;
    let taxSum = 0;
    let wantNet = 0;
    let wantTax = 0;
    for (const f of fapiaos) {
      const inclusive = f['是否含税'] === '是';
      expect(f['是否含税']).to.be.oneOf(['是', '否']);
      const mine = lines.filter((l) => l['发票流水号'] === f['发票流水号']);
      expect(mine.length).to.be.greaterThan(0);
      const per = mine.map((l) => platform(yuanToFen(l['金额']!), rateToBp(l['税率']!), inclusive));
      const net = per.reduce((s, p) => s + p.net, 0);
      const tax = per.reduce((s, p) => s + p.tax, 0);
      const t = tenants.find((x) => x.invoiceNumber === f['发票流水号'])!;
      const bill = (await sys.api('GET', `/v1/invoices/${t.invoiceId}`)).body;
      const want = billRevenue(bill);
      expect({ net, tax }, f['发票流水号']).to.deep.equal({ net: want.net, tax: want.tax });
      expect({ net, tax }, `${f['发票流水号']} against the bill's own figures`).to.deep.equal({ net: bill.taxableAmount - bill.tax, tax: bill.tax });
      expect(mine.every((l) => /^\d{19}$/.test(l['商品和服务税收编码']!))).to.equal(true);
      expect(f['备注']).to.equal(`账单 ${t.invoiceNumber}，合同 ${t.contractNumber}，账期 2027-03`);
      netSum += net;
      taxSum += tax;
      wantNet += want.net;
      wantTax += want.tax;
    }
    expect({ netSum, taxSum }).to.deep.equal({ netSum: wantNet, taxSum: wantTax });

    // The CSV says the same with the amounts excluding tax and the tax spelled out.
    const csv = await fetch(`${sys.gatewayUrl}/v1/fapiao-requests/export?format=csv`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(csv.headers.get('content-type')).to.contain('text/csv');
    const parsed = Papa.parse<Record<string, string>>((await csv.text()).replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true });
    expect(parsed.data).to.have.length(lines.length);
    expect(parsed.data.reduce((s, r) => s + yuanToFen(r['金额（不含税）']!), 0)).to.equal(wantNet);
    expect(parsed.data.reduce((s, r) => s + yuanToFen(r['税额']!), 0)).to.equal(wantTax);
    expect(parsed.data[0]).to.include({ 购买方纳税人识别号: tenants[0]!.taxId, 项目名称: '坐席租赁服务', 商品和服务税收编码: '3040204000000000000', 税率: '0.06' });
  });

  it('records the issued fapiao: the statement and the bill show which bills have their fapiao', async () => {
    const pending = (await sys.api('GET', '/v1/fapiao-requests?status=pending&order=asc')).body.data as Array<{ id: string; invoiceId: string }>;
    const bad = await sys.api('POST', `/v1/fapiao-requests/${pending[0]!.id}/issued`, { number: '12345', issuedOn: '2027-03-01' });
    expect(bad.status).to.equal(400);
    expect(bad.body.errors[0].path).to.equal('number');
    const early = await sys.api('POST', `/v1/fapiao-requests/${pending[0]!.id}/issued`, { number: '27312000000000000001', issuedOn: '2027-02-28' });
    expect(early.status).to.equal(422);
    expect(early.body.errors[0].path).to.equal('issuedOn');
    // Two of the three: the first tenant's and the second's.
    const first = await sys.api('POST', `/v1/fapiao-requests/${pending[0]!.id}/issued`, { number: '27312000000000000001', issuedOn: '2027-03-01' });
    expect(first.status, first.text).to.equal(200);
    expect(first.body).to.include({ status: 'issued' });
    expect(first.body.fapiao).to.deep.equal({ number: '27312000000000000001', issuedOn: '2027-03-01' });
    expect((await sys.api('POST', `/v1/fapiao-requests/${pending[0]!.id}/issued`, { number: '27312000000000000001', issuedOn: '2027-03-01' })).status).to.equal(200);
    const changed = await sys.api('POST', `/v1/fapiao-requests/${pending[0]!.id}/issued`, { number: '27312000000000000009', issuedOn: '2027-03-01' });
    expect(changed.status).to.equal(409);
    const reused = await sys.api('POST', `/v1/fapiao-requests/${pending[1]!.id}/issued`, { number: '27312000000000000001', issuedOn: '2027-03-01' });
    expect(reused.status).to.equal(409);
    expect((await sys.api('POST', `/v1/fapiao-requests/${pending[1]!.id}/issued`, { number: '27312000000000000002', issuedOn: '2027-03-01' })).status).to.equal(200);

    for (const [i, t] of tenants.entries()) {
      const st = await sys.api('GET', `/v1/tenants/${t.id}/statement`);
      expect(st.status, st.text).to.equal(200);
      const bill = st.body.movements.find((m: { type: string; invoiceId: string }) => m.type === 'invoice' && m.invoiceId === t.invoiceId);
      if (i < 2) expect(bill.fapiao).to.deep.include({ status: 'issued', number: `2731200000000000000${i + 1}`, issuedOn: '2027-03-01' });
      else expect(bill.fapiao).to.deep.include({ status: 'pending', number: null });
    }
    expect((await sys.api('GET', '/v1/fapiao-requests?status=pending')).body.data).to.have.length(1);

    // The bill: 账单 in the title, the tenant's tax ID in Party B, 发票 only in its fapiao status.
    const text = await fetchPdfText(sys, `/v1/invoices/${tenants[0]!.invoiceId}/pdf`);
    expect(text.split('\n')[0]).to.contain('账单');
    expect(text).to.contain(tenants[0]!.taxId);
    expect(text).to.contain(tenants[0]!.contractNumber);
    expect(text).to.contain('招商银行上海张江支行');
    const fapiaoLines = text.split('\n').filter((l) => l.includes('发票'));
    expect(fapiaoLines.length).to.be.greaterThan(0);
    for (const l of fapiaoLines) expect(l).to.match(/^发票状态/);
    expect(text.replace(/\s+/g, '')).to.contain('发票号码27312000000000000001');
  });
  it('a credit note issued before payment reduces the bill’s fapiao (no blue-then-红字)', async () => {
    const t = await sys.api('POST', '/v1/tenants', { name: '杭州云声客户服务有限公司', billingEmails: ['ap@yunsheng.example'] });
    const c = await sys.api('POST', '/v1/contracts', { tenantId: t.body.id, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: 2, openingDate: '2027-03-15' });
    const bill = (await sys.api('GET', `/v1/invoices/${(await sys.api('GET', `/v1/invoices?contractId=${c.body.id}`)).body.data[0].id}`)).body;
    const cn = await sys.api('POST', `/v1/invoices/${bill.id}/credit-notes`, { amount: 10600, reason: '开通延误补偿' });
    expect(cn.status, cn.text).to.equal(201);
    // Its revenue part (pro rata to the bill's taxable share, SPEC §2) is what the fapiao loses.
    expect(cn.body.taxableAmount).to.be.within(1, 10600);
    expect((await sys.api('GET', `/v1/fapiao-requests?tenantId=${t.body.id}`)).body.data).to.deep.equal([]); // not paid yet, no 红字 either
    const paid = await sys.api('POST', '/v1/payments', { tenantId: t.body.id, amount: bill.total - 10600, method: 'bank_transfer', reference: `CMB-${bill.number}`, receivedOn: '2027-03-01' });
    expect(paid.status, paid.text).to.equal(201);
    const [req] = (await sys.api('GET', `/v1/fapiao-requests?tenantId=${t.body.id}`)).body.data;
    const want = billRevenue(bill, cn.body.taxableAmount);
    expect(req).to.include({ kind: 'blue', status: 'pending', amountInclTax: want.taxable, amountExclTax: want.net, tax: want.tax });
    expect(req.reason).to.contain(String(cn.body.taxableAmount));
  });
});

describe('fapiao requests when bills are issued, and 红字 requests for credit notes (SEATLEASE_FAPIAO_REQUEST_ON=issued)', () => {
  let sys: System;
  before(async () => {
    sys = await startSystem('fapiao_issued', { SEATLEASE_FAPIAO_REQUEST_ON: 'issued' });
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
  });
  after(async () => sys.close());

  it('requests the bill’s fapiao the next morning unpaid; a credit note then gets a 红字 request', async () => {
    const t = await sys.api('POST', '/v1/tenants', { name: '深圳声讯科技有限公司', billingEmails: ['ap@shengxun.example'] });
    const c = await sys.api('POST', '/v1/contracts', { tenantId: t.body.id, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: 4, openingDate: '2027-03-15' });
    const bill = (await sys.api('GET', `/v1/invoices?contractId=${c.body.id}`)).body.data[0];
    await sys.advanceTo('2027-03-02T09:00:00+08:00'); // the daily job makes the requests that follow issue
    const blue = (await sys.api('GET', '/v1/fapiao-requests')).body.data;
    expect(blue.map((r: { kind: string; invoiceId: string; status: string }) => [r.kind, r.invoiceId, r.status])).to.deep.equal([['blue', bill.id, 'pending']]);
    expect(blue[0].amountInclTax).to.equal(800000); // 4 seats' rent; the deposit is not sold
    const cn = await sys.api('POST', `/v1/invoices/${bill.id}/credit-notes`, { amount: 10600, reason: '开通延误补偿' });
    expect(cn.status, cn.text).to.equal(201);
    const red = (await sys.api('GET', '/v1/fapiao-requests?kind=red')).body.data;
    expect(red).to.have.length(1);
    // The revenue the note reverses: its taxable part, half of ¥106 on a bill half deposit.
    expect(cn.body.taxableAmount).to.equal(5300);
    expect(red[0]).to.include({ kind: 'red', creditNoteId: cn.body.id, status: 'pending', amountInclTax: 5300, amountExclTax: 5000, tax: 300 });
    // 红字 fapiao are issued against a 红字信息确认单, not through the batch import: not in the file.
    const csv = await fetch(`${sys.gatewayUrl}/v1/fapiao-requests/export?format=csv`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(csv.headers.get('x-seatlease-skipped-no-profile')).to.equal('1'); // this tenant has no 开票信息 yet
  });
});
