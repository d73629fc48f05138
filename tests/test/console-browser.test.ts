/**
 * Issue 15: the console in a real browser (headless Chromium from npm), against the real
 * system (the three services on one embedded PostgreSQL, the gateway serving /console).
 * Staff sign in with the admin key, create a tenant and a contract, add seats (a too-short
 * notice first: the API's 422 appears next to the date field), record the opening and an
 * outage, run billing, open the bill (every line's clause and formula) and download its PDF,
 * record the payment. Then tenant finance signs in: its own bills only (another tenant's bill
 * URL says "not found"), a PDF, its statement and upcoming bill; revoking its key ends the
 * session. Every page passes axe-core with no serious violation; each step's screenshot lands
 * in tests/artifacts/console/.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { zh, en } from '../../console/src/messages';
import { formatFen } from '../../console/src/format';
import { ADMIN_TOKEN, startSystem, type System } from '../src/system';
import { buildConsoleIfStale, CONSOLE_CONTEXT, expectNoSeriousA11y, launchBrowser, screenshot, signInWithKey } from '../src/browser';

describe('the console in a real browser', function () {
  this.timeout(120_000);
  // One walk: each step builds on the one before, so the first failure ends it.
  this.bail(true);
  let sys: System;
  let browser: Browser;
  let staff: BrowserContext;
  let page: Page;
  let tenantId = '';
  let contractId = '';
  let billId = '';
  let billNumber = '';
  const visited: string[] = [];

  /** axe on the page as it stands, then its screenshot. */
  async function check(name: string, p: Page = page) {
    await expectNoSeriousA11y(p, name);
    visited.push(name);
    await screenshot(p, name);
  }

  const signIn = (p: Page, key: string) => signInWithKey(p, `${sys.gatewayUrl}/console/`, key);

  before(async () => {
    buildConsoleIfStale();
    [sys, browser] = await Promise.all([startSystem('console_browser'), launchBrowser()]);
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    staff = await browser.newContext(CONSOLE_CONTEXT);
    staff.setDefaultTimeout(10_000);
    page = await staff.newPage();
  });
  afterEach(async function () {
    // The state a failed step left, for whoever reads the CI artefacts.
    if (this.currentTest?.state === 'failed') {
      for (const [c, ctx] of (browser?.contexts() ?? []).entries()) for (const [i, p] of ctx.pages().entries()) await screenshot(p, `failed-${c}-${i}`).catch(() => undefined);
    }
  });
  after(async () => {
    await browser?.close();
    await sys?.close();
  });

  it('staff sign in with the API key once: the browser keeps an HttpOnly session cookie, never the key', async () => {
    await signIn(page, ADMIN_TOKEN);
    await page.getByRole('heading', { name: zh['dash.title'] }).waitFor();
    const cookies = await staff.cookies();
    const session = cookies.find((c) => c.name === 'seatlease_session');
    expect(session).to.include({ httpOnly: true, sameSite: 'Strict', path: '/', secure: false });
    const stored = await page.evaluate<string>('JSON.stringify({ cookie: document.cookie, local: { ...localStorage }, session: { ...sessionStorage } })');
    expect(stored).to.not.include(ADMIN_TOKEN);
    expect(stored).to.not.include('seatlease_session');
    await check('01-dashboard');
  });

  it('creates a tenant and signs a contract from its page', async () => {
    await page.getByRole('link', { name: zh['nav.tenants'] }).click();
    await page.getByRole('heading', { name: zh['tenants.title'], level: 1 }).waitFor();
    await page.getByLabel(zh['tenants.name'], { exact: true }).fill('华信呼叫中心有限公司');
    await page.getByLabel(zh['tenants.emails']).fill('ap@huaxin.example, cfo@huaxin.example');
    await check('02-tenants');
    await page.getByRole('button', { name: zh['tenants.create'] }).click();
    await page.getByRole('heading', { name: '华信呼叫中心有限公司' }).waitFor();
    tenantId = /\/tenants\/([0-9a-f-]{36})$/.exec(page.url())![1]!;

    await page.getByLabel(zh['contract.openingDate']).fill('2027-03-06');
    await page.getByLabel(zh['contract.startMonth']).fill('2027-03');
    await page.getByLabel(zh['contract.termMonths']).fill('12');
    await page.getByLabel(zh['contract.seats']).fill('10');
    await check('03-tenant');
    await page.getByRole('button', { name: zh['tenant.newContract'] }).click();
    await page.waitForURL(/\/console\/contracts\/[0-9a-f-]{36}$/);
    contractId = /\/contracts\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
    await page.getByText(zh['contract.liveSeats']).waitFor();
    // ¥ amounts from integer fen, as the API has them.
    const contract = (await sys.api('GET', `/v1/contracts/${contractId}`)).body;
    await page.getByText(formatFen(contract.seatFee)).first().waitFor();
  });

  it('adds seats: the notice rule is explained, a too-short notice shows the API’s reason at the date field, then the order and what it changed', async () => {
    await page.getByText('§6.4').first().waitFor();
    await page.getByLabel(zh['seats.quantity']).fill('2');
    await page.getByLabel(zh['seats.effectiveDate']).fill('2027-03-03');
    await page.getByRole('button', { name: zh['common.submit'] }).click();
    const fieldError = page.locator('.field.invalid:has(input[name="effectiveDate"]) .field-error');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).to.match(/2027-03-06/);
    await check('04-seat-notice-refused');

    await page.getByLabel(zh['seats.effectiveDate']).fill('2027-03-08');
    await page.getByRole('button', { name: zh['common.submit'] }).click();
    await page.getByText(zh['seats.created']).waitFor();
    await page.locator('.preview .change').waitFor();
    const orders = (await sys.api('GET', `/v1/contracts/${contractId}/seat-orders`)).body.data;
    expect(orders.map((o: { kind: string; quantity: number; effectiveDate: string }) => `${o.kind} ${o.quantity} ${o.effectiveDate}`)).to.include('add 2 2027-03-08');
    await check('05-seat-order');
  });

  it('records the opening and an outage', async () => {
    await sys.advanceTo('2027-03-08T10:00:00+08:00');
    await page.reload();
    const open = page.locator('form.compact').first();
    await open.getByLabel(zh['seats.openDate']).fill('2027-03-06');
    await open.getByRole('button', { name: zh['seats.openAction'] }).click();
    await page.getByRole('cell', { name: '2027-03-06' }).nth(1).waitFor();

    await page.getByLabel(zh['outages.startedAt']).fill('2027-03-07T10:00');
    await page.getByLabel(zh['outages.endedAt']).fill('2027-03-07T15:00');
    await page.getByLabel(zh['outages.seatsAffected']).fill('4');
    await page.getByRole('button', { name: zh['outages.record'] }).click();
    await page.getByText(zh['outages.created']).waitFor();
    await page.getByRole('cell', { name: '2027-03-07 10:00' }).waitFor();
    const outages = (await sys.api('GET', `/v1/contracts/${contractId}/outages`)).body.data;
    expect(outages).to.have.length(1);
    expect(outages[0]).to.include({ seatsAffected: 4, cause: 'provider' });
    await check('06-contract');
  });

  it('runs billing for April and opens the bill: every line with its clause and formula; the PDF downloads', async () => {
    await page.getByRole('link', { name: zh['nav.billingRuns'] }).click();
    await page.getByLabel(zh['runs.period']).fill('2027-04');
    await page.getByRole('button', { name: zh['runs.start'] }).click();
    // The run's own page (the list of runs so far also says "completed").
    await page.waitForURL(/\/console\/billing-runs\/[0-9a-f-]{36}$/);
    await page.getByText('completed').waitFor();
    await check('07-billing-run');
    await page.getByRole('link', { name: zh['runs.viewBills'] }).click();
    await page.getByRole('heading', { name: zh['bills.title'] }).waitFor();
    const april = (await sys.api('GET', `/v1/invoices?contractId=${contractId}&period=2027-04`)).body.data;
    expect(april).to.have.length(1);
    billId = april[0].id;
    billNumber = april[0].number;
    await check('08-bills');
    await page.getByRole('link', { name: billNumber }).click();
    await page.getByRole('heading', { name: new RegExp(billNumber) }).waitFor();
    const bill = (await sys.api('GET', `/v1/invoices/${billId}`)).body;
    const rows = page.locator('table tbody tr');
    expect(await rows.count()).to.equal(bill.lines.length);
    for (const [i, line] of bill.lines.entries()) {
      const cells = await rows.nth(i).locator('td').allTextContents();
      expect(cells[1], `line ${i} clause`).to.equal(line.clause);
      if (line.formula) expect(cells[2], `line ${i} formula`).to.equal(line.formula);
      expect(cells[5], `line ${i} amount`).to.equal(formatFen(line.amount));
    }
    expect(bill.lines.some((l: { code: string }) => l.code === 'outage_credit' || l.code === 'rent')).to.equal(true);
    await page.getByText(formatFen(bill.total)).first().waitFor();
    await check('09-bill');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: zh['bills.pdf'] }).click()]);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).to.equal('%PDF-');
    expect(download.suggestedFilename()).to.equal(`${billNumber}.pdf`);
  });

  it('the dashboard shows what is now owed', async () => {
    const aging = (await sys.api('GET', '/v1/reports/ar-aging')).body;
    const open = aging.tenants.reduce((s: number, t: { total: number }) => s + t.total, 0);
    expect(open).to.be.greaterThan(0);
    await page.getByRole('link', { name: zh['nav.dashboard'] }).click();
    await page.getByRole('link', { name: new RegExp(`${zh['dash.openAr']}\\s*${formatFen(open).replace(/[.$]/g, '\\$&')}`) }).waitFor();
    await check('09b-dashboard');
    await page.goto(`${sys.gatewayUrl}/console/bills/${billId}`);
    await page.getByRole('heading', { name: new RegExp(billNumber) }).waitFor();
  });

  it('records the bank transfer for the bill; the bill is then paid', async () => {
    const bill = (await sys.api('GET', `/v1/invoices/${billId}`)).body;
    await page.getByRole('link', { name: zh['bills.recordPayment'] }).click();
    await page.getByRole('heading', { name: zh['payments.record'] }).waitFor();
    // Typed as a person would: yuan with a thousands separator, parsed to fen without floats.
    await page.getByLabel(zh['payments.amount']).fill(formatFen(bill.amountDue).slice(1));
    await page.getByLabel(zh['payments.reference']).fill('ICBC-20270308-0001');
    await page.getByLabel(zh['payments.receivedOn']).fill('2027-03-08');
    await page.getByRole('button', { name: zh['payments.record'] }).click();
    await page.getByText(zh['payments.created'].replace('{amount}', formatFen(bill.amountDue))).waitFor();
    await check('10-payment');
    const after = (await sys.api('GET', `/v1/invoices/${billId}`)).body;
    expect(after).to.include({ status: 'paid', amountDue: 0 });
    await page.goto(`${sys.gatewayUrl}/console/bills/${billId}`);
    await page.getByRole('heading', { name: `${billNumber} · ${zh['bills.status.paid']}` }).waitFor();
  });

  it('switches to English, and works at phone width', async () => {
    await page.getByRole('button', { name: zh['lang.switch'] }).click();
    await page.getByRole('heading', { name: `${billNumber} · ${en['bills.status.paid']}` }).waitFor();
    expect(await page.evaluate<string>('document.documentElement.lang')).to.equal('en');
    await check('11-bill-en');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${sys.gatewayUrl}/console/contracts/${contractId}`);
    await page.getByRole('heading', { name: en['seats.title'] }).waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow, 'no sideways scrolling of the page itself at phone width').to.be.at.most(0);
    await check('12-contract-phone-en');
    await page.getByRole('button', { name: en['lang.switch'] }).click();
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('signs out: the session ends on the server', async () => {
    const cookie = (await staff.cookies()).find((c) => c.name === 'seatlease_session')!.value;
    await page.getByRole('button', { name: zh['nav.signOut'] }).click();
    await page.getByRole('heading', { name: zh['signIn.title'] }).waitFor();
    const replay = await fetch(`${sys.gatewayUrl}/v1/tenants/${tenantId}`, { headers: { cookie: `seatlease_session=${cookie}` } });
    expect(replay.status).to.equal(401);
    await check('13-sign-in');
  });

  it('tenant finance sees only its own bills; another tenant’s bill URL says not found; its PDF, statement and upcoming bill', async () => {
    const other = await sys.api('POST', '/v1/tenants', { name: '乙方另一租户', billingEmails: ['ap@other.example'] });
    const oc = await sys.api('POST', '/v1/contracts', { tenantId: other.body.id, seatTier: 'county', startMonth: '2027-04', termMonths: 6, seats: 3, openingDate: '2027-04-01' });
    expect(oc.status, oc.text).to.equal(201);
    const otherBill = (await sys.api('GET', `/v1/invoices?tenantId=${other.body.id}`)).body.data[0];
    const key = await sys.api('POST', '/v1/api-keys', { role: 'tenant_finance', tenantId, name: '华信财务' });
    expect(key.status, key.text).to.equal(201);

    const tenantCtx = await browser.newContext(CONSOLE_CONTEXT);
    tenantCtx.setDefaultTimeout(10_000);
    try {
      const portal = await tenantCtx.newPage();
      await signIn(portal, key.body.token);
      await portal.getByRole('heading', { name: zh['bills.title'] }).waitFor();
      await portal.getByRole('link', { name: billNumber }).waitFor();
      const own = (await sys.api('GET', `/v1/invoices?tenantId=${tenantId}`)).body.data.map((b: { number: string }) => b.number);
      const shown = await portal.locator('table tbody tr td:first-child').allTextContents();
      expect(shown.sort()).to.deep.equal([...own].sort());
      expect(shown).to.not.include(otherBill.number);
      expect(await portal.getByRole('link', { name: zh['nav.tenants'] }).count(), 'no staff navigation').to.equal(0);
      await check('14-portal-bills', portal);

      await portal.getByRole('link', { name: billNumber }).click();
      await portal.getByRole('heading', { name: new RegExp(billNumber) }).waitFor();
      expect(await portal.getByRole('link', { name: zh['bills.recordPayment'] }).count()).to.equal(0);
      const [download] = await Promise.all([portal.waitForEvent('download'), portal.getByRole('link', { name: zh['bills.pdf'] }).click()]);
      expect(readFileSync((await download.path())!).subarray(0, 5).toString()).to.equal('%PDF-');
      await check('15-portal-bill', portal);

      await portal.goto(`${sys.gatewayUrl}/console/bills/${otherBill.id}`);
      await portal.getByRole('heading', { name: zh['common.notFound'] }).waitFor();
      expect(await portal.getByText(otherBill.number).count()).to.equal(0);
      await check('16-portal-other-tenant-not-found', portal);

      await portal.getByRole('link', { name: zh['nav.statement'] }).click();
      await portal.getByRole('heading', { name: new RegExp(zh['statement.title']) }).waitFor();
      await portal.getByText('ICBC-20270308-0001').waitFor();
      await check('17-portal-statement', portal);

      await portal.getByRole('link', { name: zh['nav.upcoming'] }).click();
      await portal.getByRole('heading', { name: zh['upcoming.title'] }).waitFor();
      await portal.locator('section table').first().waitFor();
      await check('18-portal-upcoming', portal);

      await portal.getByRole('link', { name: zh['nav.payments'] }).click();
      await portal.getByRole('cell', { name: 'ICBC-20270308-0001' }).waitFor();
      expect(await portal.getByRole('heading', { name: zh['payments.record'] }).count(), 'no payment form for tenant finance').to.equal(0);
      await check('19-portal-payments', portal);

      // Staff revoke the key: the portal's next request finds the session gone.
      expect((await sys.api('DELETE', `/v1/api-keys/${key.body.id}`)).status).to.equal(200);
      await portal.reload();
      await portal.getByRole('heading', { name: zh['signIn.title'] }).waitFor();
    } finally {
      await tenantCtx.close();
    }
  });

  it('every page visited passed axe (no serious or critical violation)', () => {
    expect(visited.length).to.be.at.least(15);
  });
});
