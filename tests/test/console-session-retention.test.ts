/**
 * Issue 15: console sessions do not pile up forever. A session's row stays 30 days after it
 * expired (who was signed in, as which key, until when), then the gateway's purge removes it —
 * once, across replicas: two replicas purging at the same moment do not both delete (one holds
 * the advisory lock, the other skips at once), and a replica that starts runs the purge itself.
 * Live sessions and recently expired ones are kept. Expiry is real time (security, not billing),
 * so rows are aged in the database rather than by the test clock.
 */
import { expect } from 'chai';
import { createKnex, createLogger, createMetrics, loadConfig } from '@seatlease/shared';
import { httpClient, testEnv } from '@seatlease/shared/test/support/testing';
import { startGateway } from '@seatlease/gateway/src/bootstrap';
import { SessionRepository } from '@seatlease/gateway/src/sessions/session.repository';
import { purgeExpiredSessions, SESSION_RETENTION_MS } from '@seatlease/gateway/src/sessions/purge-expired-sessions';
import { ADMIN_TOKEN, startSystem, type System } from '../src/system';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('console sessions: expired rows removed once, across replicas', function () {
  this.timeout(60_000);
  let sys: System;

  before(async () => {
    sys = await startSystem('console_session_retention');
  });
  after(async () => sys?.close());

  /** Signs in through the gateway; answers the cookie header value. */
  async function signIn(): Promise<string> {
    const res = await httpClient(sys.gatewayUrl)('POST', '/v1/sessions', { apiKey: ADMIN_TOKEN });
    expect(res.status, res.text).to.equal(201);
    return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  }

  /** Moves the newest sessions' expiry (and creation) back in time by `ageMs`. */
  async function age(count: number, ageMs: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await sys.billing.knex('console_sessions').withSchema('gateway').orderBy('created_at', 'desc').limit(count).select('id');
    const ids = rows.map((r) => r.id);
    await sys.billing
      .knex('console_sessions')
      .withSchema('gateway')
      .whereIn('id', ids)
      .update({
        created_at: sys.billing.knex.raw(`created_at - make_interval(secs => ?)`, [ageMs / 1000]),
        expires_at: sys.billing.knex.raw(`expires_at - make_interval(secs => ?)`, [ageMs / 1000]),
      });
    return ids;
  }

  const remaining = async (ids: string[]) =>
    ((await sys.billing.knex('console_sessions').withSchema('gateway').whereIn('id', ids).select('id')) as Array<{ id: string }>).map((r) => r.id).sort();

  it('two replicas purging at once: one removes the rows past retention, the other skips; live and recent rows stay', async () => {
    const live = await signIn();
    const [liveId] = await age(1, 0);
    for (let i = 0; i < 3; i++) await signIn();
    const old = await age(3, SESSION_RETENTION_MS + 9 * 60 * 60 * 1000);
    await signIn();
    const recent = await age(1, 2 * DAY_MS); // expired a day and a half ago: kept for now

    const [a, b] = [createKnex(sys.db.url, 'gateway'), createKnex(sys.db.url, 'gateway')];
    try {
      // Replica B is mid-purge (holds the lock in an open transaction) when replica A's timer fires.
      const held = await b.transaction();
      await held.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', ['gateway:console-sessions:purge']);
      const whileHeld = await purgeExpiredSessions(new SessionRepository(a), Date.now());
      expect(whileHeld).to.deep.equal({ ran: false, removed: 0 });
      expect(await remaining(old)).to.have.length(3);
      await held.rollback();

      const both = await Promise.all([purgeExpiredSessions(new SessionRepository(a), Date.now()), purgeExpiredSessions(new SessionRepository(b), Date.now())]);
      expect(both.reduce((n, p) => n + p.removed, 0), JSON.stringify(both)).to.equal(3);
      expect(await remaining(old)).to.deep.equal([]);
      expect(await remaining([liveId!, ...recent])).to.deep.equal([liveId!, ...recent].sort());
      // The live session still works.
      expect((await httpClient(sys.gatewayUrl, () => ({ cookie: live }))('GET', '/v1/sessions/current')).status).to.equal(200);
    } finally {
      await Promise.all([a.destroy(), b.destroy()]);
    }
  });

  it('a replica that starts runs the purge itself', async () => {
    for (let i = 0; i < 2; i++) await signIn();
    const old = await age(2, SESSION_RETENTION_MS + DAY_MS);
    const config = loadConfig(testEnv({ SEATLEASE_ADMIN_TOKEN: ADMIN_TOKEN }));
    const replica = await startGateway({
      config,
      log: createLogger('gateway', config.LOG_LEVEL),
      metrics: createMetrics('gateway'),
      internalToken: config.SEATLEASE_INTERNAL_TOKEN!,
      databaseUrl: sys.db.url,
      port: 0,
      contractServiceUrl: sys.contract.url,
      billingServiceUrl: sys.billing.url,
      assessmentServiceUrl: sys.assessment.url,
    });
    try {
      const deadline = Date.now() + 10_000;
      while ((await remaining(old)).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await remaining(old)).to.deep.equal([]);
    } finally {
      await replica.close();
    }
  });
});
