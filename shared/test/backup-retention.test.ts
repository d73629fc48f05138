/** Pure rules of the backups: which base backups retention keeps, which WAL it drops, which backup a restore starts from. */
import { expect } from 'chai';
import { backupsToKeep, walToRemove } from '../src/backup/retention';
import { chooseBaseBackup } from '../src/backup/restore';
import type { BaseBackup } from '../src/backup/layout';
import { loadConfig } from '../src/config';

/** A backup that finished at `stoppedAt` (UTC); its id is the instant. */
const b = (stoppedAt: string): BaseBackup => ({
  id: stoppedAt,
  label: 't',
  startedAt: stoppedAt,
  stoppedAt,
  startLsn: '0/0',
  stopLsn: '0/0',
  timeline: 1,
  startWalFile: '000000010000000000000001',
  pgVersion: '180000',
  bytes: 0,
});

describe('backup retention (7 daily, 4 weekly by default)', () => {
  const cases: Array<{ name: string; backups: string[]; daily: number; weekly: number; keep: string[] }> = [
    { name: 'nothing to keep from nothing', backups: [], daily: 7, weekly: 4, keep: [] },
    {
      // 18:00 UTC is 02:00 the next day in Shanghai: the days are Shanghai's.
      name: 'the newest of each Shanghai day; two on one day keep the later',
      backups: ['2027-05-01T18:00:00.000Z', '2027-05-02T17:59:00.000Z', '2027-05-02T18:00:00.000Z'],
      daily: 7,
      weekly: 0,
      keep: ['2027-05-01T18:00:00.000Z', '2027-05-02T18:00:00.000Z'],
    },
    {
      name: 'daily: only the 2 most recent days that have a backup',
      backups: ['2027-05-01T18:00:00.000Z', '2027-05-02T18:00:00.000Z', '2027-05-03T18:00:00.000Z'],
      daily: 2,
      weekly: 0,
      keep: ['2027-05-02T18:00:00.000Z', '2027-05-03T18:00:00.000Z'],
    },
    {
      // Noon in Shanghai on Sun 25 Apr, Sat 1 May, Sun 2 May, Sat 8 May, Sun 9 May 2027: weeks
      // Mon 19–Sun 25 Apr, Mon 26 Apr–Sun 2 May, Mon 3–Sun 9 May.
      name: 'weekly: the newest of each ISO week (Monday to Sunday, Shanghai)',
      backups: ['2027-04-25T04:00:00.000Z', '2027-05-01T04:00:00.000Z', '2027-05-02T04:00:00.000Z', '2027-05-08T04:00:00.000Z', '2027-05-09T04:00:00.000Z'],
      daily: 1,
      weekly: 3,
      keep: ['2027-04-25T04:00:00.000Z', '2027-05-02T04:00:00.000Z', '2027-05-09T04:00:00.000Z'],
    },
    { name: 'always the newest, whatever the policy', backups: ['2027-05-01T18:00:00.000Z', '2027-05-09T18:00:00.000Z'], daily: 1, weekly: 0, keep: ['2027-05-09T18:00:00.000Z'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect([...backupsToKeep(c.backups.map(b), { daily: c.daily, weekly: c.weekly })].sort()).to.deep.equal([...c.keep].sort());
    });
  }

  it('drops WAL segments before the oldest kept backup, by log and segment whatever the timeline; never histories', () => {
    const files = [
      '000000010000000000000003',
      '000000010000000000000004.00000028.backup',
      '000000010000000000000005',
      '000000020000000000000004',
      '000000010000000000000005.partial',
      '00000002.history',
      '000000010000000000000006',
    ];
    expect(walToRemove(files, '000000020000000000000005')).to.deep.equal(['000000010000000000000003', '000000010000000000000004.00000028.backup', '000000020000000000000004']);
    expect(walToRemove(files, null), 'no backup yet: keep everything').to.deep.equal([]);
  });
});

describe('restore: which base backup', () => {
  const backups = ['2027-05-01T18:00:00.000Z', '2027-05-02T18:00:00.000Z', '2027-05-03T18:00:00.000Z'].map(b);
  const cases: Array<[string | 'latest', string | null]> = [
    ['2027-05-03T06:00:00+08:00', '2027-05-02T18:00:00.000Z'],
    ['2027-05-03T02:00:00+08:00', '2027-05-01T18:00:00.000Z'], // = 18:00 UTC exactly: that backup finished at, not before, the target
    ['2027-05-04T14:00:00+08:00', '2027-05-03T18:00:00.000Z'],
    ['2027-05-01T12:00:00+08:00', null],
    ['latest', '2027-05-03T18:00:00.000Z'],
  ];
  for (const [target, expected] of cases) {
    it(`${target} → ${expected ?? 'none'}`, () => {
      expect(chooseBaseBackup(backups, target === 'latest' ? 'latest' : new Date(target))?.id ?? null).to.equal(expected);
    });
  }
});

describe('SEATLEASE_BACKUP_DIR', () => {
  it('defaults beside the data dir', () => {
    expect(loadConfig({ SEATLEASE_DATA_DIR: '/srv/seatlease/data', INIT_CWD: '/' }).backupDir).to.equal('/srv/seatlease/data-backups');
  });
  it('is refused inside the data dir, or with characters the archive_command cannot carry', () => {
    expect(() => loadConfig({ SEATLEASE_DATA_DIR: '/srv/d', SEATLEASE_BACKUP_DIR: '/srv/d/backups', INIT_CWD: '/' })).to.throw(/SEATLEASE_BACKUP_DIR: must not be inside SEATLEASE_DATA_DIR/);
    expect(() => loadConfig({ SEATLEASE_DATA_DIR: '/srv/d', SEATLEASE_BACKUP_DIR: '/srv/d', INIT_CWD: '/' })).to.throw(/must not be inside/);
    expect(() => loadConfig({ SEATLEASE_DATA_DIR: '/srv/d', SEATLEASE_BACKUP_DIR: "/srv/it's", INIT_CWD: '/' })).to.throw(/must not contain/);
    expect(loadConfig({ SEATLEASE_DATA_DIR: '/srv/d', SEATLEASE_BACKUP_DIR: '/srv/d-elsewhere', INIT_CWD: '/' }).backupDir).to.equal('/srv/d-elsewhere');
  });
});
