/**
 * Issue 7 through the gateway: call detail records imported as CSV (streamed) and JSON, and by
 * the CLI; rated per started minute (§7 不足一分钟按一分钟) at the contract's rates; billed in
 * arrears on the next invoice, one phone_usage line per call type; late calls billed on the
 * invoice after, never lost.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { startSystem, type System } from '../src/system';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const HEADER = 'id,seat,startedAt,durationSeconds,callType';
const UNKNOWN = '0b6f1f7e-9c3d-4e59-a7f1-5d2b8c9e0a11';
// Default per-minute rates in fen (SPEC §7).
const RATE = { local: 10, domestic: 20, mobile: 15 } as const;
type CallType = keyof typeof RATE;

interface Line {
  code: string;
  quantity: number;
  unitAmount: number;
  amount: number;
  period: string;
  clause: string;
  formula: string;
}

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'billing-service/src/cli/import-calls.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, INIT_CWD: ROOT, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('exit', (code) => resolveRun({ code, stdout, stderr }));
  });
}

describe('phone charges: calls imported in bulk and rated exactly (issue 7)', function () {
  this.timeout(120_000);
  let sys: System;
  let contractA: string;
  let contractB: string;
  /** Contract B's March usage, per call type, as the test imports it. */
  const usageB: Record<CallType, { calls: number; minutes: number }> = { local: { calls: 0, minutes: 0 }, domestic: { calls: 0, minutes: 0 }, mobile: { calls: 0, minutes: 0 } };
  const countB = (type: CallType, seconds: number) => {
    usageB[type].calls++;
    usageB[type].minutes += Math.ceil(seconds / 60);
  };

  const postCsv = (csv: string, query = '') => sys.api('POST', `/v1/calls${query}`, csv, { 'content-type': 'text/csv' });

  async function phoneLines(contractId: string, period: string): Promise<Line[]> {
    const list = await sys.api('GET', `/v1/invoices?contractId=${contractId}&period=${period}`);
    expect(list.body.data, `${period} invoice of ${contractId}`).to.have.length(1);
    const inv = (await sys.api('GET', `/v1/invoices/${list.body.data[0].id}`)).body;
    const sum = inv.lines.reduce((s: number, l: Line) => s + l.amount, 0);
    expect(sum, 'lines sum to the total').to.equal(inv.total);
    return inv.lines
      .filter((l: Line) => l.code === 'phone_usage')
      .map(({ code, quantity, unitAmount, amount, period: p, clause, formula }: Line) => ({ code, quantity, unitAmount, amount, period: p, clause, formula }));
  }

  before(async () => {
    sys = await startSystem('calls');
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    const tenant = await sys.api('POST', '/v1/tenants', { name: '华南话务外包有限公司', billingEmails: ['ap@huanan.example'] });
    const open = async (seats: number) => {
      const c = await sys.api('POST', '/v1/contracts', { tenantId: tenant.body.id, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats, openingDate: '2027-03-15' });
      expect(c.status, c.text).to.equal(201);
      return c.body.id as string;
    };
    contractA = await open(2);
    contractB = await open(1);
    await sys.advanceTo('2027-03-15T10:00:00+08:00');
    for (const id of [contractA, contractB]) {
      const order = (await sys.api('GET', `/v1/contracts/${id}/seat-orders`)).body.data[0].id;
      const opened = await sys.api('POST', `/v1/seat-orders/${order}/open`, { openedOn: '2027-03-15' });
      expect(opened.status, opened.text).to.equal(200);
    }
  });
  after(async () => sys?.close());

  const FIRST_FILE = [
    HEADER,
    'M-0,S1,2027-03-16T09:00:00+08:00,0,local', // 0 s → 0 minutes
    'M-1,S1,2027-03-16T09:01:00+08:00,1,local', // 1 s → 1
    'M-bad,S1,2027-03-16T09:02:00+08:00,-1,local', // row 3: negative
    'M-60,S1,2027-03-16T09:03:00+08:00,60,local', // 60 s → 1
    'M-61,S1,2027-03-16T09:04:00+08:00,61,local', // 61 s → 2
    'S-empty,,2027-03-16T09:05:00+08:00,30,local', // row 6: no seat
    'D-1,S2,2027-03-20T10:00:00+08:00,125,domestic', // 3
    'D-2,S2,2027-03-20T11:00:00+08:00,59,domestic', // 1
    'M-61,S1,2027-03-16T09:04:00+08:00,61,local', // row 9: the same id again in this file
    'MOB-1,S3,2027-03-31T23:59:59+08:00,600,mobile', // 10, the last second of March in Shanghai
    'EARLY,S3,2027-03-14T23:59:00+08:00,30,local', // row 11: the day before the seats went live
    'APRIL,S3,2027-03-31T16:00:00Z,30,local', // 00:00 on 1 April in Shanghai: April's usage
    'BAD-TYPE,S3,2027-03-20T12:00:00+08:00,30,international', // row 13
  ].join('\n');

  it('CSV: keeps good rows, reports bad rows in the middle by row number, counts a duplicate inside the file', async () => {
    const res = await postCsv(FIRST_FILE, `?contractId=${contractA}`);
    expect(res.status, res.text).to.equal(200);
    expect(res.body).to.deep.equal({
      rows: 13,
      accepted: 8,
      duplicates: 1,
      conflicts: [],
      conflictsTotal: 0,
      rejected: [
        { row: 3, message: 'durationSeconds must be a whole number of seconds from 0 to 86400' },
        { row: 6, message: 'seat must not be empty' },
        { row: 11, message: `the call is outside the live period of contract ${contractA} (2027-03-15 to 2028-02-29, Asia/Shanghai)` },
        { row: 13, message: 'callType must be one of local, domestic, mobile' },
      ],
      rejectedTotal: 4,
      rejectedOmitted: 0,
    });
  });

  it('the same file again changes nothing: accepted 0, every good row a duplicate', async () => {
    const res = await postCsv(FIRST_FILE, `?contractId=${contractA}`);
    expect(res.status, res.text).to.equal(200);
    expect(res.body).to.include({ rows: 13, accepted: 0, duplicates: 9, rejectedTotal: 4 });
    // A known id with other content is a conflict, reported with its fields (issue 23), and the stored call keeps its values.
    const changed = await postCsv(`${HEADER},contractId\nD-1,S9,2027-03-21T10:00:00+08:00,3600,mobile,${contractA}\n`);
    expect(changed.body).to.include({ accepted: 0, duplicates: 0, conflictsTotal: 1, rejectedTotal: 0 });
    expect(changed.body.conflicts).to.deep.equal([{ row: 1, id: 'D-1', differs: ['seat', 'startedAt', 'durationSeconds', 'callType'] }]);
    const row = await sys.billing.knex('calls').where({ id: 'D-1' }).first();
    expect(row).to.include({ seat: 'S2', duration_seconds: 125, call_type: 'domestic', billable_minutes: 3, month: '2027-03' });
  });

  it('JSON: an array with ?contractId= or a contractId per row; an unknown contract is a row rejection, not a 500', async () => {
    const res = await sys.api('POST', `/v1/calls?contractId=${contractA}`, [
      { id: 'J-1', seat: 'S1', startedAt: '2027-03-25T10:00:00+08:00', durationSeconds: 30, callType: 'local' },
      { id: 'J-2', seat: 'B1', startedAt: '2027-03-25T11:00:00+08:00', durationSeconds: 45, callType: 'mobile', contractId: contractB },
      { id: 'J-3', seat: 'S1', startedAt: '2027-03-25T12:00:00+08:00', durationSeconds: 30, callType: 'local', contractId: UNKNOWN },
      { id: 'J-4', seat: 'S1', startedAt: '2027-03-25T13:00:00+08:00', durationSeconds: '30', callType: 'local' },
    ]);
    expect(res.status, res.text).to.equal(200);
    expect(res.body).to.deep.equal({
      rows: 4,
      accepted: 2,
      duplicates: 0,
      conflicts: [],
      conflictsTotal: 0,
      rejected: [
        { row: 3, message: `contract ${UNKNOWN} was not found` },
        { row: 4, message: 'durationSeconds must be a whole number of seconds from 0 to 86400' },
      ],
      rejectedTotal: 2,
      rejectedOmitted: 0,
    });
    countB('mobile', 45);
    const unknown = await sys.api('POST', '/v1/calls', { contractId: UNKNOWN, calls: [{ id: 'U-1', seat: 'S', startedAt: '2027-03-25T10:00:00+08:00', durationSeconds: 5, callType: 'local' }] });
    expect(unknown.status, unknown.text).to.equal(200);
    expect(unknown.body).to.deep.include({ accepted: 0, rejected: [{ row: 1, message: `contract ${UNKNOWN} was not found` }] });
    const badQuery = await sys.api('POST', '/v1/calls?contractId=c-42', []);
    expect(badQuery.status).to.equal(400);
    const badHeader = await postCsv('id,seat,when,durationSeconds,callType\nX,S,2027-03-25T10:00:00+08:00,5,local\n', `?contractId=${contractA}`);
    expect(badHeader.status).to.equal(400);
    expect(badHeader.body.detail).to.match(/missing startedAt; unknown when/);
  });

  it('a CSV larger than the 1 MB JSON limit streams through the gateway and is rated call by call', async () => {
    const types: CallType[] = ['local', 'domestic', 'mobile'];
    const lines = [HEADER];
    for (let i = 0; i < 30_000; i++) {
      const day = 16 + (i % 15);
      const seconds = (i * 37) % 1800;
      const type = types[i % 3]!;
      const hh = String(8 + (i % 10)).padStart(2, '0');
      const mm = String(i % 60).padStart(2, '0');
      lines.push(`BULK-${String(i).padStart(6, '0')},B${i % 50},2027-03-${day}T${hh}:${mm}:00+08:00,${seconds},${type}`);
      countB(type, seconds);
    }
    const csv = `${lines.join('\n')}\n`;
    expect(Buffer.byteLength(csv)).to.be.greaterThan(1024 * 1024);
    // A bad header refuses the whole file at once; the rest of the upload is drained, and the
    // client reads a 400 instead of a reset connection.
    const badHeader = await postCsv(csv.replace('callType', 'kind'), `?contractId=${contractB}`);
    expect(badHeader.status, badHeader.text).to.equal(400);
    expect(badHeader.body.detail).to.match(/missing callType; unknown kind/);
    const res = await postCsv(csv, `?contractId=${contractB}`);
    expect(res.status, res.text).to.equal(200);
    expect(res.body).to.deep.equal({ rows: 30_000, accepted: 30_000, duplicates: 0, conflicts: [], conflictsTotal: 0, rejected: [], rejectedTotal: 0, rejectedOmitted: 0 });
  });

  it('the CLI imports a file by the same code path, and says so clearly when contract-service is down', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seatlease-calls-cli-'));
    try {
      const file = join(dir, 'calls.csv');
      writeFileSync(
        file,
        [`${HEADER},contractId`, `CLI-1,B2,2027-03-20T09:00:00+08:00,61,local,`, `CLI-2,B2,2027-03-01T09:00:00+08:00,61,local,`, `CLI-3,B2,2027-03-20T09:00:00+08:00,61,fax,${contractB}`].join('\n'),
      );
      const env = {
        DATABASE_URL: sys.db.url,
        CONTRACT_SERVICE_URL: sys.contract.url,
        SEATLEASE_INTERNAL_TOKEN: sys.billing.deps.config.SEATLEASE_INTERNAL_TOKEN!,
        SEATLEASE_DATA_DIR: dir,
      };
      const [ok, down] = await Promise.all([
        runCli([file, '--contract', contractB], env),
        runCli([file, '--contract', contractB], { ...env, CONTRACT_SERVICE_URL: 'http://127.0.0.1:9' }),
      ]);
      expect(ok.code, ok.stderr).to.equal(0);
      expect(ok.stdout).to.match(/^import-calls .*calls\.csv: rows 3, accepted 1, duplicates 0, conflicts 0, rejected 2 in [\d.]+ s/);
      expect(ok.stderr).to.include('row 2: the call is outside the live period').and.include('row 3: callType must be one of');
      expect(ok.stderr).to.match(/100%/);
      countB('local', 61);
      expect(down.code).to.equal(1);
      expect(down.stderr).to.match(/contract-service is unreachable at http:\/\/127\.0\.0\.1:9 .*Nothing was imported\./);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bills a month’s calls on the next invoice: one phone_usage line per call type with count, minutes and rate', async () => {
    await sys.advanceTo('2027-04-10T09:00:00+08:00');
    // Issued on 10 April: March has ended; April's call waits for its month to end.
    expect(await phoneLines(contractA, '2027-05')).to.deep.equal([
      { code: 'phone_usage', quantity: 4, unitAmount: 20, amount: 80, period: '2027-03', clause: '§2.A6', formula: '2 次通话 / calls, 4 分钟 × ¥0.20' },
      { code: 'phone_usage', quantity: 5, unitAmount: 10, amount: 50, period: '2027-03', clause: '§2.A6', formula: '5 次通话 / calls, 5 分钟 × ¥0.10' },
      { code: 'phone_usage', quantity: 10, unitAmount: 15, amount: 150, period: '2027-03', clause: '§2.A6', formula: '1 次通话 / calls, 10 分钟 × ¥0.15' },
    ]);
    const linesB = await phoneLines(contractB, '2027-05');
    const expectedB = (['domestic', 'local', 'mobile'] as CallType[]).map((t) => ({
      code: 'phone_usage',
      quantity: usageB[t].minutes,
      unitAmount: RATE[t],
      amount: usageB[t].minutes * RATE[t],
      period: '2027-03',
      clause: '§2.A6',
      formula: `${usageB[t].calls} 次通话 / calls, ${usageB[t].minutes} 分钟 × ¥0.${RATE[t]}`,
    }));
    expect(linesB).to.deep.equal(expectedB);
    expect(usageB.local.calls + usageB.domestic.calls + usageB.mobile.calls).to.equal(30_002);
  });

  it('bills calls that arrive after their month was invoiced on the next invoice, never lost', async () => {
    const late = await postCsv(
      [HEADER, 'LATE-1,S1,2027-03-28T15:00:00+08:00,61,local', 'APR-1,S2,2027-04-12T10:00:00+08:00,30,domestic'].join('\n'),
      `?contractId=${contractA}`,
    );
    expect(late.body).to.include({ accepted: 2, duplicates: 0, rejectedTotal: 0 });
    await sys.advanceTo('2027-05-10T09:00:00+08:00');
    expect(await phoneLines(contractA, '2027-06')).to.deep.equal([
      // March local: 7 minutes owed, 5 billed: the 2 late minutes.
      { code: 'phone_usage', quantity: 2, unitAmount: 10, amount: 20, period: '2027-03', clause: '§2.A6', formula: '6 次通话 / calls, 7 分钟 × ¥0.10 = ¥0.70; 已计费 / billed ¥0.50' },
      { code: 'phone_usage', quantity: 1, unitAmount: 20, amount: 20, period: '2027-04', clause: '§2.A6', formula: '1 次通话 / calls, 1 分钟 × ¥0.20' },
      { code: 'phone_usage', quantity: 1, unitAmount: 10, amount: 10, period: '2027-04', clause: '§2.A6', formula: '1 次通话 / calls, 1 分钟 × ¥0.10' },
    ]);
  });
});
