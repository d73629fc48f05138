/**
 * Issue 15, the staff screens, in a real browser (headless Chromium from npm) against the real
 * system: staff go through each screen as they would — excuse a late opening, add a one-off
 * charge, record force majeure, renew, transfer, terminate (each rule shown before submit, the
 * next bill's preview before and after where money moves, the API's refusal next to the field
 * it names), read the contract's audit trail, issue a credit note from a bill, read AR aging,
 * load a year's calendar from a file, create an API key (shown once) and revoke it, and page
 * through a keyset list with "load more". After each, the test reads what the API stored.
 * Every page passes axe with no serious violation; each screen is screenshotted in Chinese
 * and in English (tests/artifacts/console/staff-*).
 */
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { zh, en } from '../../console/src/messages';
import { formatFen } from '../../console/src/format';
import { ADMIN_TOKEN, startSystem, type System } from '../src/system';
import { buildConsoleIfStale, CONSOLE_CONTEXT, expectNoSeriousA11y, launchBrowser, screenshot, seriousA11yViolations, signInWithKey } from '../src/browser';

const fill = (template: string, params: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));

describe('the console’s staff screens in a real browser', function () {
  this.timeout(120_000);
  this.bail(true);
  let sys: System;
  let browser: Browser;
  let staff: BrowserContext;
  let page: Page;
  let tenantId = '';
  let otherTenantId = '';
  let contractId = '';
  let orderId = '';
  let billId = '';
  /** Each screen's path and the heading it shows, screenshotted again in English at the end. */
  const screens: Array<{ name: string; path: string; heading: (m: typeof zh) => string | RegExp }> = [];

  async function check(name: string) {
    await expectNoSeriousA11y(page, name);
    await screenshot(page, `staff-${name}-zh`);
  }
  const url = (path: string) => `${sys.gatewayUrl}/console${path}`;
  /** The error the form shows next to the field the API named. */
  const fieldError = (name: string) => page.locator(`.field.invalid:has([name="${name}"]) .field-error`);
  const previewChange = () => page.locator('.preview .change');
  /** The preview's total as it stands (not its "loading" line): what "before" will be. */
  const previewLoaded = () => page.locator('.preview p', { hasText: zh['bills.total'] }).first().waitFor();

  before(async () => {
    buildConsoleIfStale();
    [sys, browser] = await Promise.all([startSystem('console_staff_browser'), launchBrowser()]);
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    tenantId = (await sys.api('POST', '/v1/tenants', { name: '华信呼叫中心有限公司', billingEmails: ['ap@huaxin.example'] })).body.id;
    otherTenantId = (await sys.api('POST', '/v1/tenants', { name: '鼎新客服外包有限公司', billingEmails: ['ap@dingxin.example'] })).body.id;
    const contract = await sys.api('POST', '/v1/contracts', { tenantId, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: 10, openingDate: '2027-03-06' });
    expect(contract.status, contract.text).to.equal(201);
    contractId = contract.body.id;
    billId = contract.body.openingInvoice.id;
    // Opened two days late: a §8.A1 penalty of 10 × ¥2,000 × 5‰ × 2 = ¥200 owed to the tenant.
    await sys.advanceTo('2027-03-08T10:00:00+08:00');
    orderId = (await sys.api('GET', `/v1/contracts/${contractId}/seat-orders`)).body.data[0].id;
    const opened = await sys.api('POST', `/v1/seat-orders/${orderId}/open`, { openedOn: '2027-03-08' });
    expect(opened.body, opened.text).to.include({ daysLate: 2, penalty: 20000 });

    staff = await browser.newContext(CONSOLE_CONTEXT);
    staff.setDefaultTimeout(10_000);
    page = await staff.newPage();
    await signInWithKey(page, url('/'), ADMIN_TOKEN);
    await page.getByRole('heading', { name: zh['dash.title'] }).waitFor();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') for (const p of staff?.pages() ?? []) await screenshot(p, 'staff-failed').catch(() => undefined);
  });
  after(async () => {
    await browser?.close();
    await sys?.close();
  });

  it('excuses the late opening: the §8.A1 rule first, the reason the API asks for next to its field, then the next bill without the penalty', async () => {
    await page.goto(url(`/contracts/${contractId}`));
    await page.getByRole('navigation', { name: zh['actions.title'] }).waitFor();
    await check('contract');
    screens.push({ name: 'contract', path: `/contracts/${contractId}`, heading: (m) => new RegExp(m['contract.title']) });
    await page.getByRole('link', { name: zh['seats.excuse'] }).click();
    await page.waitForURL(url(`/contracts/${contractId}/seat-orders/${orderId}/excuse`));
    await page.getByText('§8.A1').first().waitFor();
    await previewLoaded();
    await page.getByRole('button', { name: zh['excuse.submit'] }).click();
    await fieldError('reason').waitFor();
    expect(await page.evaluate<string | null>("document.activeElement && document.activeElement.getAttribute('name')"), 'focus moves to the field in error').to.equal('reason');

    await page.getByLabel(zh['excuse.reason']).fill('机房扩容未完成，资源不具备');
    await page.getByRole('button', { name: zh['excuse.submit'] }).click();
    await page.getByText(zh['excuse.created']).waitFor();
    await previewChange().waitFor();
    expect(await previewChange().textContent()).to.include(formatFen(20000));
    const order = (await sys.api('GET', `/v1/contracts/${contractId}/seat-orders`)).body.data.find((o: { id: string }) => o.id === orderId);
    expect(order).to.include({ excused: true, penalty: 0, excuseReason: '机房扩容未完成，资源不具备' });
    await check('excuse');
    screens.push({ name: 'excuse', path: `/contracts/${contractId}/seat-orders/${orderId}/excuse`, heading: (m) => m['excuse.title'] });
  });

  it('adds a one-off charge: an amount that is not one is caught before any call; the charge then shows on the next bill’s preview', async () => {
    await page.goto(url(`/contracts/${contractId}`));
    await page.getByRole('link', { name: zh['actions.charge'] }).click();
    await page.getByRole('heading', { name: zh['charge.title'] }).waitFor();
    await page.getByLabel(zh['charge.amount']).fill('0');
    await page.getByLabel(zh['charge.description']).fill('定制 IVR 功能开发');
    await page.getByRole('button', { name: zh['charge.submit'] }).click();
    expect(await fieldError('amount').textContent()).to.equal(zh['charge.amountInvalid']);

    await previewLoaded();
    await page.getByLabel(zh['charge.amount']).fill('1,500.50');
    // From the keyboard: Enter in a field submits the form.
    await page.getByLabel(zh['charge.description']).press('Enter');
    await page.getByText(fill(zh['charge.created'], { amount: formatFen(150050) })).waitFor();
    await previewChange().waitFor();
    expect(await previewChange().textContent()).to.include(formatFen(150050));
    const preview = (await sys.api('GET', `/v1/contracts/${contractId}/upcoming-invoice?period=2027-04`)).body;
    expect(preview.lines.find((l: { code: string }) => l.code === 'one_off')).to.include({ amount: 150050, clause: '§5.1' });
    await check('one-off-charge');
    screens.push({ name: 'one-off-charge', path: `/contracts/${contractId}/charges`, heading: (m) => m['charge.title'] });
  });

  it('records force majeure: an event not over yet is refused at the end date; a past one is listed, honoured, and credits the next bill', async () => {
    await sys.advanceTo('2027-03-12T10:00:00+08:00');
    await page.goto(url(`/contracts/${contractId}`));
    await page.getByRole('link', { name: zh['actions.forceMajeure'] }).click();
    await page.getByRole('heading', { name: zh['fm.title'], level: 1 }).waitFor();
    await page.getByText('§7.3').first().waitFor();
    await page.getByLabel(zh['outages.startedAt']).fill('2027-03-11T00:00');
    await page.getByLabel(zh['outages.endedAt']).fill('2027-03-14T00:00');
    await page.getByLabel(zh['fm.description']).fill('台风“梅花”致机房断电');
    await page.getByRole('button', { name: zh['fm.record'] }).click();
    await fieldError('endedAt').waitFor();

    await previewLoaded();
    await page.getByLabel(zh['outages.endedAt']).fill('2027-03-11T18:00');
    await page.getByRole('button', { name: zh['fm.record'] }).click();
    await page.getByText(zh['fm.created']).waitFor();
    await page.getByRole('cell', { name: '台风“梅花”致机房断电' }).waitFor();
    await previewChange().waitFor();
    const fm = (await sys.api('GET', `/v1/force-majeure?contractId=${contractId}`)).body.data;
    expect(fm).to.have.length(1);
    expect(fm[0]).to.include({ claimedBy: 'provider', honoured: true, noticeGivenOn: '2027-03-12' });
    expect(fm[0].contractIds).to.deep.equal([contractId]);
    // The next bill not issued yet (April's was issued by the run on 10 March): the page says which.
    const period = /\d{4}-\d{2}/.exec((await page.locator('.preview h4').textContent())!)![0];
    expect(period).to.equal('2027-05');
    const after = (await sys.api('GET', `/v1/contracts/${contractId}/upcoming-invoice?period=${period}`)).body;
    expect(after.lines.some((l: { code: string }) => l.code === 'force_majeure_credit'), 'a force-majeure credit on the next bill').to.equal(true);
    expect(await previewChange().textContent()).to.include(formatFen(after.total));
    await check('force-majeure');
    screens.push({ name: 'force-majeure', path: `/contracts/${contractId}/force-majeure`, heading: (m) => m['fm.title'] });
  });

  it('renews for 12 months with a new seat fee from March 2028; the API stores the amendment', async () => {
    await page.goto(url(`/contracts/${contractId}/renew`));
    await page.getByRole('heading', { name: zh['renew.title'], level: 1 }).waitFor();
    await page.getByText('§2.A8').first().waitFor();
    await page.getByLabel(zh['renew.seatFee']).fill('2,200');
    await page.getByLabel(zh['renew.effectiveMonth']).fill('2027-01');
    await page.getByRole('button', { name: zh['renew.submit'] }).click();
    await fieldError('effectiveMonth').waitFor();

    await page.getByLabel(zh['renew.effectiveMonth']).fill('2028-03');
    await page.getByRole('button', { name: zh['renew.submit'] }).click();
    await page.getByText(zh['renew.created']).waitFor();
    await page.getByText(fill(zh['contract.termValue'], { start: '2027-03', months: 24, end: '2029-02-28' })).waitFor();
    const c = (await sys.api('GET', `/v1/contracts/${contractId}`)).body;
    expect(c).to.include({ termMonths: 24, endDate: '2029-02-28' });
    expect(c.prices).to.deep.include({ effectiveMonth: '2028-03', seatFee: 220000, circuitFee: 0 });
    await page.getByRole('cell', { name: '2028-03' }).waitFor();
    await check('renew');
    screens.push({ name: 'renew', path: `/contracts/${contractId}/renew`, heading: (m) => m['renew.title'] });
  });

  it('transfers the contract: without Party A’s consent the API refuses at the consent field; with it the contract moves', async () => {
    await page.goto(url(`/contracts/${contractId}/transfer`));
    await page.getByRole('heading', { name: zh['transfer.title'], level: 1 }).waitFor();
    await page.getByText('§2.B2').first().waitFor();
    await page.getByLabel(zh['transfer.find']).fill('鼎新');
    await page.getByRole('button', { name: zh['common.search'] }).click();
    await page.getByRole('option', { name: '鼎新客服外包有限公司' }).waitFor({ state: 'attached' });
    await page.getByRole('button', { name: zh['transfer.submit'] }).click();
    await fieldError('consentGivenOn').waitFor();
    expect(await fieldError('consentGivenOn').textContent()).to.include('§2.B2');
    expect((await sys.api('GET', `/v1/contracts/${contractId}`)).body.tenantId, 'nothing stored').to.equal(tenantId);

    await page.getByLabel(zh['transfer.consentGivenOn']).fill('2027-03-11');
    await page.getByRole('button', { name: zh['transfer.submit'] }).click();
    await page.getByText(zh['transfer.created']).waitFor();
    expect((await sys.api('GET', `/v1/contracts/${contractId}`)).body.tenantId).to.equal(otherTenantId);
    await check('transfer');
    screens.push({ name: 'transfer', path: `/contracts/${contractId}/transfer`, heading: (m) => m['transfer.title'] });
  });

  it('terminates: the damages formula with this contract’s numbers before submit; a mutual termination without a month’s notice is refused at the effective date', async () => {
    await page.goto(url(`/contracts/${contractId}/terminate`));
    await page.getByRole('heading', { name: zh['terminate.title'], level: 1 }).waitFor();
    await page.getByText('§9.1').first().waitFor();
    await page.getByLabel(zh['terminate.effectiveDate']).fill('2027-03-31');
    await page.getByRole('button', { name: zh['terminate.submit'] }).click();
    await fieldError('effectiveDate').waitFor();
    expect(await fieldError('effectiveDate').textContent()).to.include('2027-04-12');

    await page.getByLabel(zh['terminate.kind']).selectOption('tenant_breach');
    // 10 live seats × ¥2,000.00 × 24 months (the renewal included) × 20% = ¥96,000.00.
    await page.getByText(fill(zh['terminate.damagesFormula'], { seats: 10, fee: formatFen(200000), months: 24 }) + ` = ${formatFen(9_600_000)}`, { exact: false }).waitFor();
    await page.getByLabel(zh['terminate.effectiveDate']).fill('2027-04-30');
    await page.getByLabel(zh['terminate.reason']).fill('乙方业务调整，单方提前解约');
    await check('terminate');
    await page.getByRole('button', { name: zh['terminate.submit'] }).click();
    await page.getByRole('heading', { name: zh['terminate.existing'] }).waitFor();
    const c = (await sys.api('GET', `/v1/contracts/${contractId}`)).body;
    expect(c.termination).to.deep.include({ kind: 'tenant_breach', noticeDate: '2027-03-12', effectiveDate: '2027-04-30' });
    screens.push({ name: 'terminate', path: `/contracts/${contractId}/terminate`, heading: (m) => m['terminate.title'] });
  });

  it('reads the contract’s audit trail, filtered by a bookmarkable URL', async () => {
    await page.goto(url(`/contracts/${contractId}`));
    await page.getByRole('link', { name: zh['actions.audit'] }).click();
    await page.getByRole('heading', { name: zh['audit.title'], level: 1 }).waitFor();
    const log = (await sys.api('GET', `/v1/contracts/${contractId}/audit-log`)).body.data as Array<{ action: string }>;
    for (const action of ['contract.terminated', 'seat_order.excused', 'contract.signed']) expect(log.map((e) => e.action)).to.include(action);
    for (const e of log) await page.getByRole('cell', { name: e.action, exact: true }).first().waitFor();
    await check('audit');
    await page.goto(url(`/contracts/${contractId}/audit?action=contract.terminated`));
    await page.getByRole('cell', { name: 'contract.terminated', exact: true }).waitFor();
    expect(await page.locator('table tbody tr').count()).to.equal(1);
    screens.push({ name: 'audit', path: `/contracts/${contractId}/audit`, heading: (m) => m['audit.title'] });
  });

  it('issues a credit note from a bill: more than the bill still owes is refused at the amount; the note is then shown and listed', async () => {
    const bill = (await sys.api('GET', `/v1/invoices/${billId}`)).body;
    await page.goto(url(`/bills/${billId}`));
    await page.getByRole('link', { name: zh['cn.issue'] }).click();
    await page.getByRole('heading', { name: zh['cn.issue'] }).waitFor();
    await page.getByText('SPEC §9').waitFor();
    await page.getByLabel(zh['cn.amount']).fill(formatFen(bill.amountDue + 1).slice(1));
    await page.getByLabel(zh['cn.reason']).fill('开通迟延协商减免');
    await page.getByRole('button', { name: zh['cn.issue'] }).click();
    expect(await fieldError('amount').textContent()).to.include(String(bill.amountDue));

    await page.getByLabel(zh['cn.amount']).fill('1,000');
    await page.getByRole('button', { name: zh['cn.issue'] }).click();
    await page.waitForURL(/\/console\/credit-notes\/[0-9a-f-]{36}$/);
    const noteId = /credit-notes\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
    const note = (await sys.api('GET', `/v1/credit-notes/${noteId}`)).body;
    expect(note).to.include({ amount: 100000, invoiceId: billId, reason: '开通迟延协商减免' });
    await page.getByRole('heading', { name: new RegExp(note.number) }).waitFor();
    await page.getByRole('link', { name: bill.number }).waitFor();
    await check('credit-note');
    screens.push({ name: 'credit-note', path: `/credit-notes/${noteId}`, heading: () => new RegExp(note.number) });

    await page.getByRole('link', { name: zh['nav.creditNotes'], exact: true }).click();
    await page.getByRole('link', { name: note.number }).waitFor();
    await check('credit-notes');
    screens.push({ name: 'credit-notes', path: '/credit-notes', heading: (m) => m['cn.title'] });
    expect((await sys.api('GET', `/v1/invoices/${billId}`)).body.amountDue).to.equal(bill.amountDue - 100000);
    screens.push({ name: 'issue-credit-note', path: `/bills/${billId}/credit-note`, heading: (m) => m['cn.issue'] });
  });

  it('reads AR aging as of today and as of a date in the URL', async () => {
    await page.getByRole('link', { name: zh['nav.arAging'] }).click();
    await page.getByRole('heading', { name: zh['aging.title'] }).waitFor();
    const aging = (await sys.api('GET', '/v1/reports/ar-aging')).body;
    const row = page.getByRole('row', { name: new RegExp('鼎新客服外包有限公司|华信呼叫中心有限公司') }).first();
    await row.waitFor();
    await page.locator('tfoot').getByText(formatFen(aging.totals.total)).first().waitFor();
    await check('ar-aging');
    screens.push({ name: 'ar-aging', path: '/ar-aging', heading: (m) => m['aging.title'] });
    await page.goto(url('/ar-aging?asOf=2027-03-02'));
    const early = (await sys.api('GET', '/v1/reports/ar-aging?asOf=2027-03-02')).body;
    await page.getByText(fill(zh['dash.asOf'], { date: '2027-03-02' })).waitFor();
    await page.locator('tfoot').getByText(formatFen(early.totals.current)).first().waitFor();
  });

  it('loads a calendar year: a date of another year is named next to its list; a file fills both lists; the loaded year is shown', async () => {
    await page.getByRole('link', { name: zh['nav.calendar'] }).click();
    await page.getByRole('heading', { name: fill(zh['calendar.title'], { year: 2027 }) }).waitFor();
    await page.goto(url('/calendar/2031'));
    await page.getByRole('heading', { name: fill(zh['calendar.title'], { year: 2031 }) }).waitFor();
    await page.getByText(fill(zh['calendar.none'], { year: 2031 })).waitFor();
    await page.getByLabel(zh['calendar.holidaysField']).fill('2031-01-01\n2030-10-01');
    await page.getByRole('button', { name: fill(zh['calendar.submit'], { year: 2031 }) }).click();
    await fieldError('holidays').waitFor();
    expect(await fieldError('holidays').textContent()).to.match(/^2030-10-01: /);

    const file = JSON.stringify({ holidays: ['2031-01-01', '2031-10-01', '2031-10-02', '2031-10-03'], workdays: ['2031-09-28'] });
    await page.getByLabel(zh['calendar.file']).setInputFiles({ name: 'holidays-2031.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await page.getByText(fill(zh['calendar.count'], { n: 4 })).waitFor();
    await page.getByRole('button', { name: fill(zh['calendar.submit'], { year: 2031 }) }).click();
    await page.getByText(fill(zh['calendar.created'], { year: 2031, holidays: 4, workdays: 1 })).waitFor();
    await page.getByText(fill(zh['calendar.holidays'], { n: 4 })).waitFor();
    expect((await sys.api('GET', '/v1/calendar/2031')).body).to.deep.include({ holidays: ['2031-01-01', '2031-10-01', '2031-10-02', '2031-10-03'], workdays: ['2031-09-28'] });
    await check('calendar');
    screens.push({ name: 'calendar', path: '/calendar/2031', heading: (m) => fill(m['calendar.title'], { year: 2031 }) });
  });

  it('creates an API key (its token shown once) and revokes it', async () => {
    await page.getByRole('link', { name: zh['nav.apiKeys'] }).click();
    await page.getByRole('heading', { name: zh['keys.title'], level: 1 }).waitFor();
    await page.getByRole('button', { name: zh['keys.create'] }).click();
    await fieldError('name').waitFor();

    await page.getByLabel(zh['keys.name']).fill('华信财务');
    await page.getByLabel(zh['keys.tenant']).selectOption(tenantId);
    await page.getByRole('button', { name: zh['keys.create'] }).click();
    const token = (await page.locator('.token .secret').textContent())!;
    expect(token).to.match(/^sl_/);
    const keys = (await sys.api('GET', '/v1/api-keys')).body.data as Array<{ id: string; name: string; role: string; tenantId: string | null; revokedAt: string | null }>;
    const key = keys.find((k) => k.name === '华信财务')!;
    expect(key).to.include({ role: 'tenant_finance', tenantId, revokedAt: null });
    expect((await sys.as(token)('GET', '/v1/invoices')).status, 'the token works').to.equal(200);
    await check('api-key-created');

    // The key works in the console too: its tenant's finance team reads its own credit notes.
    const finance = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    try {
      const portal = await finance.newPage();
      await signInWithKey(portal, url('/'), token);
      await portal.getByRole('link', { name: zh['nav.creditNotes'], exact: true }).click();
      const own = (await sys.as(token)('GET', '/v1/credit-notes')).body.data as Array<{ number: string }>;
      expect(own).to.have.length(1);
      await portal.getByRole('link', { name: own[0]!.number }).click();
      await portal.getByRole('heading', { name: new RegExp(own[0]!.number) }).waitFor();
      expect(await portal.getByRole('link', { name: zh['nav.apiKeys'] }).count(), 'no staff navigation').to.equal(0);
      await screenshot(portal, 'staff-portal-credit-note-zh');
    } finally {
      await finance.close();
    }

    const row = page.getByRole('row', { name: /华信财务/ });
    await row.getByRole('button', { name: zh['keys.revoke'] }).click();
    await row.getByRole('button', { name: fill(zh['keys.confirmRevoke'], { name: '华信财务' }) }).click();
    await row.getByText(/已于 .* 吊销/).waitFor();
    expect((await sys.api('GET', '/v1/api-keys?revoked=true')).body.data.map((k: { id: string }) => k.id)).to.include(key.id);
    expect((await sys.as(token)('GET', '/v1/invoices')).status, 'the revoked token no longer works').to.equal(401);
    await page.reload();
    await page.getByRole('heading', { name: zh['keys.title'], level: 1 }).waitFor();
    expect(await page.getByText(token).count(), 'the token is shown once, never again').to.equal(0);
    await check('api-keys');
    screens.push({ name: 'api-keys', path: '/api-keys', heading: (m) => m['keys.title'] });
  });

  it('pages a keyset list with "load more": 50 tenants first, the rest on request', async () => {
    for (let i = 0; i < 50; i++) await sys.api('POST', '/v1/tenants', { name: `批量租户 ${String(i).padStart(2, '0')}`, billingEmails: [`t${i}@bulk.example`] });
    const total = 52;
    await page.getByRole('link', { name: zh['nav.tenants'] }).click();
    await page.getByRole('heading', { name: zh['tenants.title'], level: 1 }).waitFor();
    const rows = page.locator('table tbody tr');
    await rows.nth(49).waitFor();
    expect(await rows.count()).to.equal(50);
    await page.getByRole('button', { name: zh['list.loadMore'] }).click();
    await rows.nth(total - 1).waitFor();
    expect(await rows.count()).to.equal(total);
    expect(await page.getByRole('button', { name: zh['list.loadMore'] }).count(), 'no more pages').to.equal(0);
  });

  it('the dashboard’s counts open the contracts they count; the billing runs so far are listed', async () => {
    const later = await sys.api('POST', '/v1/contracts', { tenantId: otherTenantId, seatTier: 'county', startMonth: '2027-05', termMonths: 6, seats: 3, openingDate: '2027-05-10' });
    expect(later.status, later.text).to.equal(201);
    await page.getByRole('link', { name: zh['nav.dashboard'] }).click();
    await page.getByRole('link', { name: new RegExp(`${zh['dash.pending']}\\s*1`) }).click();
    await page.waitForURL(/\/console\/contracts\?status=pending_opening$/);
    await page.getByRole('link', { name: later.body.number }).waitFor();
    expect(await page.locator('table tbody tr').count()).to.equal(1);
    await check('contracts');
    screens.push({ name: 'contracts', path: '/contracts?status=pending_opening', heading: (m) => m['contracts.title'] });

    await page.getByRole('link', { name: zh['nav.billingRuns'] }).click();
    const runs = (await sys.api('GET', '/v1/billing-runs')).body.data as Array<{ id: string; period: string }>;
    expect(runs.map((r) => r.period)).to.include('2027-04');
    for (const r of runs) await page.getByRole('link', { name: r.period }).waitFor();
    await check('billing-runs');
  });

  it('every staff screen in English too', async () => {
    await page.getByRole('button', { name: zh['lang.switch'] }).click();
    for (const s of screens) {
      await page.goto(url(s.path));
      await page.getByRole('heading', { name: s.heading(en), level: 1 }).waitFor();
      expect(await page.evaluate<string>('document.documentElement.lang')).to.equal('en');
      const violations = await seriousA11yViolations(page);
      expect(violations.map((v) => v.id), `${s.name} (en)`).to.deep.equal([]);
      await screenshot(page, `staff-${s.name}-en`);
    }
    expect(screens.length).to.be.at.least(11);
  });

  it('works at phone width: no page scrolls sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const s of screens) {
      await page.goto(url(s.path));
      await page.getByRole('heading', { name: s.heading(en), level: 1 }).waitFor();
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
      expect(overflow, `${s.name} at phone width`).to.be.at.most(0);
    }
    await screenshot(page, 'staff-terminate-phone-en');
  });
});
