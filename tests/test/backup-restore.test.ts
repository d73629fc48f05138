/**
 * Issue 25: continuous archiving and point-in-time recovery of the embedded default. A year of
 * bills and payments through the gateway on an archiving embedded PostgreSQL, a base backup
 * (`npm run backup`) taken while they go on, more of them, then the data directory deleted and
 * `npm run restore -- --to <instant>` between two known writes: everything before the instant is
 * back, nothing after it, the invoice numbers are gapless, the next billing run issues nothing
 * twice, and the services start on the restored data. Then backup health as metrics and as a
 * staff alert when archiving fails.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import pg from 'pg';
import { addMonths, INTERNAL_HEADER, startEmbeddedPostgres, toShanghaiIso, type RunningDatabase } from '@seatlease/shared';
import { listBaseBackups, walDir } from '@seatlease/shared/src/backup';
import { checkBackupHealth } from '@seatlease/billing-service/src/backups/backup-health';
import { startSystem, type System } from '../src/system';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('backups: WAL archive, a base backup under load, restore to a point in time', function () {
  this.timeout(300_000);
  const root = mkdtempSync(join(tmpdir(), 'seatlease-pitr-'));
  const dataDir = join(root, 'data');
  const backupDir = join(root, 'data-backups'); // the default: beside the data dir
  let server: RunningDatabase | null = null;
  let sys: System | null = null;

  const start = async () => {
    server = await startEmbeddedPostgres(dataDir, { archiveTo: backupDir });
    sys = await startSystem('pitr', { SEATLEASE_DATA_DIR: dataDir, SEATLEASE_BACKUP_KEEP_DAILY: '7' }, { database: { url: server.url, name: 'postgres', drop: async () => {} } });
    return sys;
  };
  const stop = async () => {
    await sys?.close();
    sys = null;
    await server?.stop();
    server = null;
  };
  const sql = async <T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> => {
    const c = new pg.Client({ connectionString: server!.url });
    await c.connect();
    try {
      return (await c.query<T>(text, params)).rows;
    } finally {
      await c.end();
    }
  };
  /** The commands as an operator types them (`npm run backup`, `npm run restore -- …`). */
  const npmRun = (script: 'backup' | 'restore', args: string[] = []) =>
    new Promise<{ code: number; out: string }>((done) => {
      const child = spawn('npm', ['run', '-s', script, '--', ...args], {
        cwd: repoRoot,
        env: { ...process.env, SEATLEASE_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.once('exit', (code) => done({ code: code ?? 1, out }));
    });

  /** Everything a restore must bring back exactly (ids, numbers, amounts, who paid what). */
  const snapshot = async () => ({
    tenants: (await sql<{ id: string }>('select id from contract.tenants order by id')).map((r) => r.id),
    invoices: await sql<{ id: string; number: string; total_fen: number }>('select id, number, total_fen from billing.invoices order by number'),
    payments: await sql<{ id: string; amount_fen: number; reference: string }>('select id, amount_fen, reference from billing.payments order by id'),
  });
  /** Each year's series (INV-YYYY-NNNNNN) runs 1, 2, 3… with no gap. */
  const expectGapless = (numbers: string[]) => {
    const byYear = new Map<string, number[]>();
    for (const n of numbers) byYear.set(n.slice(0, -7), [...(byYear.get(n.slice(0, -7)) ?? []), Number(n.slice(-6))]);
    expect(byYear.size).to.be.greaterThan(0);
    for (const [prefix, seq] of byYear) expect(seq, prefix).to.deep.equal(seq.map((_, i) => i + 1));
  };

  async function unpaid(s: System) {
    const list = await s.api('GET', '/v1/invoices?limit=500');
    expect(list.status, list.text).to.equal(200);
    return (list.body.data as Array<{ id: string; number: string; tenantId: string; amountDue: number }>).filter((i) => i.amountDue > 0);
  }
  async function pay(s: System, inv: { id: string; number: string; tenantId: string; amountDue: number }, on: string) {
    const paid = await s.api('POST', '/v1/payments', { tenantId: inv.tenantId, amount: inv.amountDue, method: 'bank_transfer', reference: `BANK-${inv.number}`, receivedOn: on, invoiceId: inv.id });
    expect(paid.status, paid.text).to.equal(201);
    return paid.body as { id: string };
  }

  after(async () => {
    await stop().catch(() => {});
    chmodSync(walDir(backupDir), 0o700);
    rmSync(root, { recursive: true, force: true });
  });

  it('archives every WAL segment as it closes (archive_timeout 60 s) and takes the first base backup at start', async () => {
    await start();
    const [settings] = await sql<{ archive_mode: string; archive_timeout: string; wal_level: string }>(
      `select current_setting('archive_mode') as archive_mode, current_setting('archive_timeout') as archive_timeout, current_setting('wal_level') as wal_level`,
    );
    expect(settings).to.deep.equal({ archive_mode: 'on', archive_timeout: '1min', wal_level: 'replica' });
    // An archive without a base backup restores nothing: billing-service takes one at start.
    for (let i = 0; i < 100 && listBaseBackups(backupDir).length === 0; i++) await sleep(200);
    expect(listBaseBackups(backupDir)).to.have.length(1);
    // Something to archive (the backup's pg_backup_stop has just closed a segment), then close it.
    await sql('create table public.pitr_tick as select 1 as n');
    const wal = (await sql<{ wal: string }>('select pg_walfile_name(pg_switch_wal()) as wal'))[0]!.wal;
    for (let i = 0; i < 50 && !existsSync(join(walDir(backupDir), wal)); i++) await sleep(100);
    expect(existsSync(join(walDir(backupDir), wal)), `${wal} archived`).to.equal(true);
  });

  it('a year of bills and payments, a base backup mid-load, more writes, the data dir lost → restored to an instant between two writes', async () => {
    const s = sys!;
    await s.advanceTo('2027-03-01T09:00:00+08:00');
    for (let i = 0; i < 3; i++) {
      const t = await s.api('POST', '/v1/tenants', { name: `备份恢复测试租户${i + 1}`, billingEmails: [`ap${i}@pitr.example`] });
      expect(t.status, t.text).to.equal(201);
      const c = await s.api('POST', '/v1/contracts', { tenantId: t.body.id, seatTier: 'county', startMonth: '2027-03', termMonths: 24, seats: 2 + i, openingDate: '2027-03-15' });
      expect(c.status, c.text).to.equal(201);
    }
    for (const inv of await unpaid(s)) await pay(s, inv, '2027-03-01');

    let midBackup: { code: number; out: string } | null = null;
    for (let m = 0; m < 12; m++) {
      const month = async () => {
        const now = await s.advanceTo(`${addMonths('2027-03', m)}-11T09:00:00+08:00`);
        for (const inv of await unpaid(s)) await pay(s, inv, now.now.slice(0, 10));
      };
      if (m === 6) {
        // The operator's backup while the month's billing, notices and payments are written.
        [midBackup] = await Promise.all([npmRun('backup'), month()]);
      } else {
        await month();
      }
    }
    expect(midBackup!.code, midBackup!.out).to.equal(0);
    const midId = /base backup (\d{8}T\d{6}Z)/.exec(midBackup!.out)?.[1];
    // Retention (7 daily, 4 weekly) keeps the newest of the day: the mid-load one.
    expect(listBaseBackups(backupDir).map((b) => b.id)).to.deep.equal([midId]);

    // Two known writes with an instant between them.
    await s.advanceTo('2028-03-11T09:00:00+08:00');
    const open = await unpaid(s);
    expect(open).to.have.length(3);
    const paymentA = await pay(s, open[0]!, '2028-03-11');
    const atA = await snapshot();
    await sleep(1100);
    const target = new Date();
    await sleep(1100);
    const paymentB = await pay(s, open[1]!, '2028-03-11');
    const late = await s.api('POST', '/v1/tenants', { name: '目标时间之后的租户', billingEmails: ['ap@after.example'] });
    expect(late.status).to.equal(201);
    // What archive_timeout does within a minute: close the segment, wait until it is archived.
    const wal = (await sql<{ wal: string }>('select pg_walfile_name(pg_switch_wal()) as wal'))[0]!.wal;
    for (let i = 0; i < 100 && !existsSync(join(walDir(backupDir), wal)); i++) await sleep(100);
    expect(existsSync(join(walDir(backupDir), wal)), `${wal} archived`).to.equal(true);
    expect(atA.invoices.length).to.be.greaterThan(12 * 3);
    expectGapless(atA.invoices.map((i) => i.number));

    const targetIso = toShanghaiIso(target); // e.g. 2026-12-06T22:14:03.123+08:00, as an operator writes it
    const refused = await npmRun('restore', ['--to', targetIso]);
    expect(refused.code, refused.out).to.equal(3);
    expect(refused.out).to.match(/refused: PostgreSQL \(pid \d+\) is running/);

    await stop();
    rmSync(join(dataDir, 'pg'), { recursive: true, force: true });
    expect(existsSync(join(dataDir, 'pg'))).to.equal(false);

    const restored = await npmRun('restore', ['--to', targetIso]);
    expect(restored.code, restored.out).to.equal(0);
    expect(restored.out).to.match(/recovery stopping before commit/);

    const s2 = await start();
    expect((await s2.api('GET', '/readyz')).status).to.equal(200);
    const after = await snapshot();
    expect(after, 'every write before the instant, none after it').to.deep.equal(atA);
    expect(after.payments.map((p) => p.id)).to.include(paymentA.id).and.not.include(paymentB.id);
    expect((await s2.api('GET', `/v1/invoices/${open[0]!.id}`)).body.amountDue).to.equal(0);
    expect((await s2.api('GET', `/v1/invoices/${open[1]!.id}`)).body.amountDue).to.equal(open[1]!.amountDue);
    expect((await s2.api('GET', `/v1/tenants/${late.body.id}`)).status).to.equal(404);

    // The next billing run issues what is due once; asked again, and for the month billed before
    // the loss, nothing.
    await s2.advanceTo('2028-04-11T09:00:00+08:00');
    const may = await sql<{ contract_id: string }>(`select contract_id from billing.invoices where period = '2028-05' and kind = 'monthly'`);
    expect(may).to.have.length(3);
    for (const period of ['2028-04', '2028-05']) {
      const again = await s2.api('POST', '/v1/billing-runs', { period });
      expect(again.status, again.text).to.be.oneOf([200, 202]);
    }
    const final = await sql<{ number: string; n: number }>(
      `select number, count(*) over (partition by contract_id, period, kind)::int as n from billing.invoices order by number`,
    );
    expect(final.filter((r) => r.n > 1), 'one invoice per contract, period and kind').to.deep.equal([]);
    expect(final).to.have.length(atA.invoices.length + 3);
    expectGapless(final.map((r) => r.number));
  });

  it('reports backup age and archive failures as metrics, and alerts staff when archiving fails', async () => {
    const s = sys!;
    const metrics = async () => {
      const res = await fetch(`${s.billing.url}/metrics`, { headers: { [INTERNAL_HEADER]: 'test-internal-token-0123456789' } });
      expect(res.status).to.equal(200);
      return res.text();
    };
    const value = (text: string, name: string) => Number(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1]);
    const healthy = await metrics();
    expect(value(healthy, 'seatlease_backup_age_seconds')).to.be.within(0, 3600);
    expect(value(healthy, 'seatlease_wal_archive_failing')).to.equal(0);
    expect(value(healthy, 'seatlease_wal_archive_archived_count')).to.be.greaterThan(0);

    // The archive becomes unwritable (a full or read-only disk): PostgreSQL's archiver fails.
    chmodSync(walDir(backupDir), 0o500);
    try {
      await sql('create table public.pitr_probe as select generate_series(1, 1000) as n');
      await sql('select pg_switch_wal()');
      let failing = 0;
      for (let i = 0; i < 100 && failing === 0; i++) {
        await sleep(200);
        failing = value(await metrics(), 'seatlease_wal_archive_failing');
      }
      expect(failing, 'seatlease_wal_archive_failing').to.equal(1);
      expect(value(await metrics(), 'seatlease_wal_archive_failed_count')).to.be.greaterThan(0);
      const health = await checkBackupHealth(s.billing.deps, s.billing.deps.backups!);
      expect(health.alerts).to.deep.equal(['archive']);
      expect((await checkBackupHealth(s.billing.deps, s.billing.deps.backups!)).alerts, 'once a day').to.deep.equal([]);
      const mail = await sql<{ subject: string }>(`select subject from billing.mail_outbox where kind = 'staff_alert' and subject like 'WAL%'`);
      expect(mail).to.have.length(1);
      expect(mail[0]!.subject).to.match(/WAL archiving failing/);
    } finally {
      chmodSync(walDir(backupDir), 0o700);
    }
  });
});

