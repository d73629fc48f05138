/**
 * Issue 15, second slice: the console's operations screens in a real browser (headless Chromium
 * from npm) against the real system, each walked as its user would:
 * - staff import call records: a CSV with bad rows and a conflicting call, the upload's
 *   progress, then the result with rejected rows by number and the conflict's fields; a bad
 *   header is the API's problem on screen;
 * - staff open an incident on the board and correct it; the tenant's supervisor keeps the
 *   seat shift log (a handover while the incident is open must be written: the API's reason
 *   appears at the notes field), turns a seat that failed to open into an incident; staff
 *   resolve the incident (an end before its start is refused at the field);
 * - the supervisor's assessment month: agents × parts as a live preview, an event recorded,
 *   the month published; the agent sees its own scorecard and appeals; the supervisor answers;
 * - tenant finance without Stripe configured: no pay button, the API's reason instead;
 * - a keyboard-only walk: sign in, reach a bill, download its PDF, sign out — no mouse.
 * Every page passes axe; each screen's screenshot in zh and in en lands in
 * tests/artifacts/console/.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { en, zh } from '../../console/src/messages';
import { ADMIN_TOKEN, startSystem, type System } from '../src/system';
import { buildConsoleIfStale, CONSOLE_CONTEXT, expectNoSeriousA11y, launchBrowser, screenshot, signInWithKey } from '../src/browser';

describe('the console’s operations screens in a real browser', function () {
  this.timeout(120_000);
  this.bail(true);
  let sys: System;
  let browser: Browser;
  let staffCtx: BrowserContext;
  let staff: Page;
  let supCtx: BrowserContext;
  let sup: Page;
  let tenantId = '';
  let contractId = '';
  let incidentId = '';
  let supervisorToken = '';
  const agents: Record<string, string> = {};
  const visited: string[] = [];

  /** axe on the page as it stands, its screenshot in Chinese, then the same page in English. */
  async function check(name: string, p: Page) {
    for (const [lang, switchTo] of [
      ['zh', zh['lang.switch']],
      ['en', en['lang.switch']],
    ] as const) {
      await expectNoSeriousA11y(p, `${name} (${lang})`);
      await screenshot(p, `ops-${name}-${lang}`);
      visited.push(`${name}-${lang}`);
      await p.getByRole('button', { name: switchTo }).click();
    }
    expect(await p.evaluate<string>('document.documentElement.lang')).to.equal('zh-CN');
  }

  const signIn = (p: Page, key: string) => signInWithKey(p, `${sys.gatewayUrl}/console/`, key);

  before(async () => {
    buildConsoleIfStale();
    [sys, browser] = await Promise.all([startSystem('console_operations'), launchBrowser()]);
    await sys.advanceTo('2027-02-20T09:00:00+08:00');
    const t = await sys.api('POST', '/v1/tenants', { name: '数字化城管监督指挥中心', billingEmails: ['ap@chengguan.example'] });
    tenantId = t.body.id;
    const c = await sys.api('POST', '/v1/contracts', { tenantId, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: 6, openingDate: '2027-03-01' });
    expect(c.status, c.text).to.equal(201);
    contractId = c.body.id;
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    const order = (await sys.api('GET', `/v1/contracts/${contractId}/seat-orders`)).body.data[0].id;
    expect((await sys.api('POST', `/v1/seat-orders/${order}/open`, { openedOn: '2027-03-01' })).status).to.equal(200);
    await sys.advanceTo('2027-03-05T09:00:00+08:00');
    staffCtx = await browser.newContext(CONSOLE_CONTEXT);
    staffCtx.setDefaultTimeout(10_000);
    staff = await staffCtx.newPage();
    await signIn(staff, ADMIN_TOKEN);
    await staff.getByRole('heading', { name: zh['dash.title'] }).waitFor();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      for (const [c, ctx] of (browser?.contexts() ?? []).entries()) for (const [i, p] of ctx.pages().entries()) await screenshot(p, `ops-failed-${c}-${i}`).catch(() => undefined);
    }
  });
  after(async () => {
    await browser?.close();
    await sys?.close();
  });

  it('staff import a CSV of call records: progress, then accepted, duplicates, rejected rows by number and the conflict', async () => {
    // One call already on file with other data: the file's row with that id is a conflict.
    const first = await sys.api('POST', `/v1/calls?contractId=${contractId}`, [{ id: 'C-CONFLICT', seat: 'S1', startedAt: '2027-03-02T10:00:00+08:00', durationSeconds: 60, callType: 'local' }]);
    expect(first.body.accepted).to.equal(1);
    const rows = ['id,seat,startedAt,durationSeconds,callType'];
    for (let i = 0; i < 40_000; i++) rows.push(`C-${String(i).padStart(6, '0')},S${i % 6},2027-03-0${2 + (i % 3)}T${String(8 + (i % 10)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00+08:00,${(i * 37) % 900},${['local', 'domestic', 'mobile'][i % 3]}`);
    rows.splice(101, 0, 'C-BAD-1,S1,2027-03-02T10:00:00+08:00,-5,local'); // row 101
    rows.splice(202, 0, 'C-BAD-2,,2027-03-02T10:00:00+08:00,30,local'); // row 202
    rows.push('C-CONFLICT,S2,2027-03-02T10:00:00+08:00,61,local'); // the last row
    rows.push('C-000000,S0,2027-03-02T08:00:00+08:00,0,local'); // the first row again: a duplicate
    const csv = `${rows.join('\n')}\n`;
    expect(Buffer.byteLength(csv)).to.be.greaterThan(1024 * 1024);

    await staff.getByRole('link', { name: zh['nav.callImport'] }).click();
    await staff.getByRole('heading', { name: zh['import.title'] }).waitFor();
    // No file: said at the field, nothing sent.
    await staff.getByRole('button', { name: zh['import.submit'] }).click();
    await staff.locator('.field.invalid:has(input[name="file"]) .field-error').getByText(zh['import.fileRequired']).waitFor();

    // A file whose header misses a column: the API's problem, nothing stored.
    await staff.getByLabel(zh['import.file']).setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('id,seat,when,durationSeconds,callType\nX,S,2027-03-02T10:00:00+08:00,5,local\n') });
    await staff.getByLabel(zh['import.contractId']).fill(contractId);
    await staff.getByRole('button', { name: zh['import.submit'] }).click();
    await staff.getByRole('alert').getByText(/missing startedAt/).waitFor();

    // Watch the progress bar move: every value it shows, as the page shows it.
    await staff.evaluate(`window.__progress = []; new MutationObserver(() => { const p = document.querySelector('progress'); if (p) window.__progress.push([p.value, p.max]); }).observe(document.body, { subtree: true, attributes: true, childList: true, attributeFilter: ['value', 'max'] });`);
    await staff.getByLabel(zh['import.file']).setInputFiles({ name: 'march.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await staff.getByRole('button', { name: zh['import.submit'] }).click();
    await staff.getByRole('heading', { name: zh['import.result'] }).waitFor({ timeout: 60_000 });
    const progress = await staff.evaluate<Array<[number, number]>>('window.__progress');
    expect(progress.length, 'the progress bar was shown').to.be.greaterThan(0);
    const last = progress[progress.length - 1]!;
    expect(last[0], 'the whole file was sent').to.equal(Buffer.byteLength(csv));
    expect(last[1]).to.equal(Buffer.byteLength(csv));

    const facts = await staff.locator('dl.facts dd').allTextContents();
    expect(facts).to.deep.equal(['40004', '40000', '1', '1', '2']);
    const rejected = await staff.getByRole('region', { name: zh['import.rejectedRows'] }).locator('tbody tr').allTextContents();
    expect(rejected).to.have.length(2);
    expect(rejected[0]).to.match(/^101durationSeconds must be/);
    expect(rejected[1]).to.match(/^202seat must not be empty/);
    const conflict = await staff.getByRole('region', { name: zh['import.conflictRows'] }).locator('tbody td').allTextContents();
    expect(conflict).to.deep.equal(['40003', 'C-CONFLICT', 'seat, durationSeconds']);
    const stored = await sys.billing.knex('calls').where({ contract_id: contractId }).count({ n: '*' }).first();
    expect(Number(stored!.n)).to.equal(40_001);
    await check('01-call-import', staff);
  });

  it('staff open an incident on the board and correct it', async () => {
    await staff.getByRole('link', { name: zh['nav.incidents'] }).click();
    await staff.getByRole('heading', { name: zh['incidents.title'], level: 1 }).waitFor();
    await staff.getByLabel(zh['incidents.startedAt']).fill('2027-03-05T08:30');
    await staff.getByLabel(zh['incidents.cause'], { exact: true }).selectOption('provider');
    await staff.getByLabel(zh['incidents.severity'], { exact: true }).selectOption('minor');
    await staff.getByLabel(zh['incidents.description'], { exact: true }).fill('三号机房线路中断');
    await staff.getByLabel(zh['incidents.contractIds']).fill(contractId);
    await check('02-incidents-board', staff);
    await staff.getByRole('button', { name: zh['incidents.openAction'] }).click();
    await staff.waitForURL(/\/console\/incidents\/[0-9a-f-]{36}$/);
    incidentId = /\/incidents\/([0-9a-f-]{36})$/.exec(staff.url())![1]!;
    await staff.getByRole('heading', { name: `${zh['incidents.one']} · ${zh['incidents.status.open']}` }).waitFor();
    await staff.getByRole('link', { name: contractId }).waitFor();

    await staff.getByLabel(zh['incidents.description'], { exact: true }).fill('三号机房光缆被挖断');
    await staff.getByRole('button', { name: zh['common.save'] }).click();
    await staff.getByText(zh['incidents.updated']).waitFor();
    expect((await sys.api('GET', `/v1/incidents/${incidentId}`)).body).to.include({ status: 'open', description: '三号机房光缆被挖断' });
    await check('03-incident', staff);
  });

  it('the supervisor keeps the seat log: a handover during the incident must be written; a seat that failed to open becomes an incident', async () => {
    const key = await sys.api('POST', '/v1/api-keys', { role: 'tenant_supervisor', tenantId, name: '值班长 王五' });
    expect(key.status, key.text).to.equal(201);
    supervisorToken = key.body.token;
    supCtx = await browser.newContext(CONSOLE_CONTEXT);
    supCtx.setDefaultTimeout(10_000);
    sup = await supCtx.newPage();
    await signIn(sup, supervisorToken);
    await sup.getByRole('heading', { name: zh['seatLog.title'] }).waitFor();
    await sup.getByText(zh['seatLog.openIncidents']).waitFor();
    expect(await sup.getByRole('link', { name: zh['nav.bills'] }).count(), 'no finance navigation for a supervisor').to.equal(0);
    await sup.getByLabel(zh['seatLog.contractId']).fill(contractId);
    await sup.getByRole('button', { name: zh['seatLog.openLog'] }).click();
    await sup.waitForURL(new RegExp(`/console/seat-log/${contractId}$`));

    await sup.getByLabel(zh['seatLog.kind'], { exact: true }).selectOption('open');
    await sup.getByLabel(zh['seatLog.at']).fill('2027-03-05T08:00');
    await sup.getByLabel(zh['seatLog.seat']).fill('S1');
    await sup.getByLabel(zh['seatLog.agentAccount']).fill('zhang3');
    await sup.getByRole('button', { name: zh['seatLog.recordAction'] }).click();
    await sup.getByRole('cell', { name: zh['seatLog.kind.open'] }).waitFor();

    await sup.getByLabel(zh['seatLog.kind'], { exact: true }).selectOption('open_failed');
    await sup.getByLabel(zh['seatLog.seat']).fill('S4');
    await sup.getByLabel(zh['seatLog.agentAccount']).fill('li4');
    await sup.getByLabel(zh['seatLog.reason']).fill('耳麦无声');
    await sup.getByRole('button', { name: zh['seatLog.recordAction'] }).click();
    await sup.getByRole('cell', { name: zh['seatLog.kind.open_failed'] }).waitFor();

    // A handover while the incident is open: oral is refused, the reason at the notes field.
    await sup.getByLabel(zh['seatLog.kind'], { exact: true }).selectOption('handover');
    await sup.getByLabel(zh['seatLog.at']).fill('2027-03-05T08:55');
    await sup.getByLabel(zh['seatLog.handingOver']).fill('zhang3');
    await sup.getByLabel(zh['seatLog.takingOver']).fill('wang5');
    await sup.getByRole('button', { name: zh['seatLog.recordAction'] }).click();
    const notesError = sup.locator('.field.invalid:has(input[name="notes"]) .field-error');
    await notesError.waitFor();
    await check('04-seat-log-handover-refused', sup);
    await sup.getByLabel(zh['seatLog.mode']).selectOption('written');
    await sup.getByLabel(zh['seatLog.notes']).fill('三号机房故障未恢复，S4 耳麦待换');
    await sup.getByRole('button', { name: zh['seatLog.recordAction'] }).click();
    await sup.getByRole('cell', { name: zh['seatLog.kind.handover'] }).waitFor();
    const log = (await sys.api('GET', `/v1/contracts/${contractId}/seat-log`)).body.data as Array<{ kind: string; id: string }>;
    expect(log.map((e) => e.kind).sort()).to.deep.equal(['handover', 'open', 'open_failed']);

    await sup.getByRole('button', { name: zh['seatLog.toIncident'] }).click();
    await sup.getByText(zh['seatLog.incidentOpened']).waitFor();
    const incidents = (await sys.api('GET', '/v1/incidents?status=open')).body.data as Array<{ id: string }>;
    expect(incidents).to.have.length(2);
    // At phone width the page itself does not scroll sideways (the tables scroll in their own box).
    await sup.setViewportSize({ width: 390, height: 844 });
    expect(await sup.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'), 'no sideways scrolling at phone width').to.be.at.most(0);
    await screenshot(sup, 'ops-05-seat-log-phone-zh');
    await sup.setViewportSize({ width: 1280, height: 900 });
    await check('05-seat-log', sup);
  });

  it('staff resolve the incident: an end before its start is refused at the field, then its outage record is made', async () => {
    await sys.advanceTo('2027-03-05T12:00:00+08:00');
    await staff.goto(`${sys.gatewayUrl}/console/incidents/${incidentId}`);
    await staff.getByLabel(zh['incidents.endedAt']).fill('2027-03-05T08:00');
    await staff.getByRole('button', { name: zh['incidents.resolveAction'] }).click();
    await staff.locator('.field.invalid:has(input[name="endedAt"]) .field-error').waitFor();
    await staff.getByLabel(zh['incidents.endedAt']).fill('2027-03-05T11:00');
    await staff.getByRole('button', { name: zh['incidents.resolveAction'] }).click();
    await staff.getByText(zh['incidents.resolvedNotice']).waitFor();
    await staff.getByRole('cell', { name: zh['incidents.outageRecorded'] }).waitFor();
    const outages = (await sys.api('GET', `/v1/contracts/${contractId}/outages`)).body.data;
    expect(outages).to.have.length(1);
    await staff.getByRole('link', { name: zh['nav.incidents'] }).click();
    await staff.getByRole('region', { name: zh['incidents.resolved'] }).getByText('三号机房光缆被挖断').waitFor();
    await check('06-incident-resolved', staff);
  });

  it('the supervisor’s month: agents × parts as a preview, an event recorded, the month published', async () => {
    const supApi = sys.as(supervisorToken);
    for (const [name, roles] of [
      ['张三', ['intake']],
      ['李四', ['dispatcher']],
    ] as const) {
      const a = await supApi('POST', '/v1/agents', { name, roles, joinedOn: '2027-01-01' });
      expect(a.status, a.text).to.equal(201);
      agents[name] = a.body.id;
    }
    await sup.getByRole('link', { name: zh['nav.assessment'] }).click();
    await sup.getByRole('heading', { name: zh['assess.title'].replace('{month}', '2027-02') }).waitFor();
    const grid = sup.getByRole('region', { name: zh['assess.grid'] });
    await grid.getByRole('row', { name: /张三/ }).getByText('100.0').waitFor();

    await sup.getByLabel(zh['assess.agent'], { exact: true }).selectOption(agents['张三']!);
    await sup.getByLabel(zh['assess.item']).selectOption('attendance.late_or_early');
    await sup.getByLabel(zh['assess.occurredOn']).fill('2027-02-10');
    await sup.getByLabel(zh['assess.count']).fill('2');
    await sup.getByLabel(zh['assess.note']).fill('迟到两次');
    await sup.getByRole('button', { name: zh['assess.recordAction'] }).click();
    await sup.getByText(zh['assess.recorded']).waitFor();
    const preview = (await supApi('GET', `/v1/agents/${agents['张三']}/scorecard-preview?month=2027-02`)).body;
    expect(preview.total).to.not.equal('100.0');
    await grid.getByRole('row', { name: /张三/ }).getByText(preview.total, { exact: true }).waitFor();
    await check('07-assessment-preview', sup);

    await sup.getByRole('button', { name: zh['assess.publishAction'].replace('{month}', '2027-02') }).click();
    await grid.getByRole('row', { name: /张三/ }).getByRole('link', { name: zh['assess.publishedVersion'].replace('{version}', '1') }).waitFor();
    await sup.getByText(zh['assess.publishedNote']).waitFor();
    const cards = (await supApi('GET', '/v1/scorecards?month=2027-02')).body.data;
    expect(cards).to.have.length(2);
    await check('08-assessment-published', sup);
  });

  it('the agent sees its own scorecard and appeals; the supervisor refuses the appeal with a reason', async () => {
    const key = await sys.api('POST', '/v1/api-keys', { role: 'agent', tenantId, agentId: agents['张三'], name: '张三' });
    expect(key.status, key.text).to.equal(201);
    const agentCtx = await browser.newContext(CONSOLE_CONTEXT);
    agentCtx.setDefaultTimeout(10_000);
    try {
      const me = await agentCtx.newPage();
      await signIn(me, key.body.token);
      await me.getByRole('heading', { name: zh['assess.mine'] }).waitFor();
      expect(await me.locator('header nav a').allTextContents()).to.deep.equal([zh['nav.myScorecard']]);
      await me.getByRole('link', { name: '2027-02' }).waitFor();
      expect(await me.getByRole('link', { name: '2027-02' }).count(), 'only its own scorecard').to.equal(1);
      await check('09-my-scorecard', me);
      await me.getByRole('link', { name: '2027-02' }).click();
      const card = (await sys.api('GET', `/v1/scorecards?agentId=${agents['张三']}&month=2027-02`)).body.data[0];
      await me.getByRole('heading', { name: zh['assess.scorecard'].replace('{month}', '2027-02').replace('{total}', card.total) }).waitFor();
      await me.getByRole('cell', { name: '迟到两次' }).or(me.getByText(/迟到|早退/).first()).first().waitFor();
      // An empty reason: the API's words at the field.
      await me.getByRole('button', { name: zh['assess.appealAction'] }).click();
      await me.locator('.field.invalid:has(input[name="reason"]) .field-error').waitFor();
      await me.getByLabel(zh['assess.appealReason']).fill('2月10日是调休，不算迟到');
      await me.getByRole('button', { name: zh['assess.appealAction'] }).click();
      await me.getByText(/申诉已提交/).waitFor();
      await check('10-scorecard-appeal', me);
    } finally {
      await agentCtx.close();
    }
    await sup.reload();
    await sup.getByRole('heading', { name: zh['assess.appeals'] }).waitFor();
    await sup.getByText('2月10日是调休，不算迟到').waitFor();
    await check('11-appeal-pending', sup);
    await sup.getByLabel(zh['assess.decisionReason']).fill('考勤机记录为迟到，调休单未提交');
    await sup.getByRole('button', { name: zh['assess.decide'] }).click();
    await sup.getByRole('region', { name: zh['assess.appeals'] }).or(sup.locator('section[aria-labelledby="appeals"]')).getByText(zh['common.none']).waitFor();
    const appeals = (await sys.as(supervisorToken)('GET', '/v1/appeals')).body.data;
    expect(appeals.map((a: { status: string; decisionReason: string }) => [a.status, a.decisionReason])).to.deep.equal([['refused', '考勤机记录为迟到，调休单未提交']]);
  });

  it('keyboard only: tenant finance signs in, reaches a bill (no pay button without Stripe: the API’s reason), downloads its PDF and signs out', async () => {
    const bill = (await sys.api('GET', `/v1/invoices?contractId=${contractId}`)).body.data[0];
    const key = await sys.api('POST', '/v1/api-keys', { role: 'tenant_finance', tenantId, name: '城管财务' });
    const ctx = await browser.newContext(CONSOLE_CONTEXT);
    ctx.setDefaultTimeout(10_000);
    try {
      const p = await ctx.newPage();
      await p.goto(`${sys.gatewayUrl}/console/`);
      await p.getByRole('heading', { name: zh['signIn.title'] }).waitFor();

      /** Presses Tab until the focused element is `target` (at most 40 presses); fails otherwise. */
      const tabTo = async (target: ReturnType<Page['getByRole']>, what: string) => {
        await target.waitFor();
        for (let i = 0; i < 40; i++) {
          await p.keyboard.press('Tab');
          if (await target.evaluate((el: unknown) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)) return;
        }
        throw new Error(`Tab never reached ${what}`);
      };
      await tabTo(p.getByLabel(zh['signIn.key']), 'the key field');
      await p.keyboard.type(key.body.token);
      await p.keyboard.press('Enter');
      await p.getByRole('heading', { name: zh['bills.title'] }).waitFor();

      await tabTo(p.getByRole('link', { name: bill.number }), 'the bill');
      await p.keyboard.press('Enter');
      await p.getByRole('heading', { name: new RegExp(bill.number) }).waitFor();
      // Stripe is not configured here: no pay button, and the API's reason.
      await p.getByRole('note').getByText(/STRIPE_SECRET_KEY/).waitFor();
      expect(await p.getByRole('button', { name: /支付/ }).count()).to.equal(0);
      await check('12-bill-no-stripe', p);

      await tabTo(p.getByRole('link', { name: zh['bills.pdf'] }), 'the PDF link');
      const [download] = await Promise.all([p.waitForEvent('download'), p.keyboard.press('Enter')]);
      expect(readFileSync((await download.path())!).subarray(0, 5).toString()).to.equal('%PDF-');
      expect(download.suggestedFilename()).to.equal(`${bill.number}.pdf`);

      await tabTo(p.getByRole('button', { name: zh['nav.signOut'] }), 'sign out');
      await p.keyboard.press('Enter');
      await p.getByRole('heading', { name: zh['signIn.title'] }).waitFor();
      expect((await ctx.cookies()).find((c) => c.name === 'seatlease_session')?.value ?? '').to.equal('');
    } finally {
      await ctx.close();
    }
  });

  it('every screen passed axe in zh and en', () => {
    expect(visited.length).to.equal(24);
  });
});
