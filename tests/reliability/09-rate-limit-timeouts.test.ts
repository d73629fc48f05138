/**
 * Reliability 9: overload and slowness answer in bounded time with a problem, never a hang.
 *  - Past SEATLEASE_RATE_LIMIT_PER_MINUTE a key gets 429 problem+json with Retry-After; other
 *    keys and the health probes are unaffected; the refused requests change nothing.
 *  - A billing service that stops answering (SIGSTOP) makes the gateway answer 504 problem+json
 *    within about SEATLEASE_UPSTREAM_TIMEOUT_MS (500 ms here), while contract-service routes keep
 *    working and /readyz says 503; after SIGCONT everything answers again.
 */
import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { ADMIN_TOKEN, startSystem, type System } from '../src/system';
import { startProcesses, type ProcessSystem } from '../src/processes';
import { expectUnchanged, isProblem, tableStates, timedFetch, waitFor } from './support';

describe('reliability 9: rate limits and slow services', function () {
  this.timeout(90_000);

  describe('rate limit (SEATLEASE_RATE_LIMIT_PER_MINUTE=8)', () => {
    let sys: System;
    after(async () => sys?.close());

    it('→ 429 problem+json with Retry-After for the key over its limit only; nothing written', async () => {
      const LIMIT = 8;
      sys = await startSystem('rel_rate_limit', { SEATLEASE_RATE_LIMIT_PER_MINUTE: String(LIMIT) });
      // One request of the admin key's budget: a fresh staff key to spend.
      const key = await sys.api('POST', '/v1/api-keys', { role: 'staff', name: 'rate limited' });
      expect(key.status, key.text).to.equal(201);
      const limited = sys.as(key.body.token);
      const answers: Array<{ status: number; retryAfter: string | null; problem: boolean; name: string }> = [];
      for (let i = 0; i < LIMIT + 4; i++) {
        const name = `限流租户 ${i}`;
        const res = await limited('POST', '/v1/tenants', { name, billingEmails: [`rl${i}@reliability.example`] });
        answers.push({ status: res.status, retryAfter: res.headers.get('retry-after'), problem: (res.headers.get('content-type') ?? '').includes('application/problem+json'), name });
      }
      expect(answers.slice(0, LIMIT).map((a) => a.status)).to.deep.equal(Array(LIMIT).fill(201));
      const refused = answers.slice(LIMIT);
      for (const a of refused) {
        expect(a.status).to.equal(429);
        expect(a.problem, 'problem+json').to.equal(true);
        expect(Number(a.retryAfter), `Retry-After ${a.retryAfter}`).to.be.within(1, 60);
      }
      // The refused requests wrote nothing.
      const names = (await sys.contract.knex('tenants').select('name')).map((r) => r.name);
      expect(names.filter((n) => refused.some((a) => a.name === n))).to.deep.equal([]);
      // GETs count too, and nothing changes while refused.
      const before = await tableStates(sys.db.url);
      expect((await limited('GET', '/v1/price-list')).status).to.equal(429);
      expect((await limited('POST', '/v1/tenants', { name: 'x', billingEmails: ['x@reliability.example'] })).status).to.equal(429);
      expectUnchanged(before, await tableStates(sys.db.url), 'requests refused by the rate limiter');
      // Another key has its own budget; probes are never limited.
      expect((await sys.api('GET', '/v1/price-list')).status).to.equal(200);
      for (let i = 0; i < LIMIT + 2; i++) expect((await timedFetch(`${sys.gatewayUrl}/healthz`, { timeoutMs: 5_000 })).status).to.equal(200);
    });
  });

  describe('a billing service that stops answering (SEATLEASE_UPSTREAM_TIMEOUT_MS=500)', () => {
    let sys: ProcessSystem;
    let stopped: ChildProcess | undefined;
    after(async () => {
      stopped?.kill('SIGCONT');
      await sys?.close();
    });

    it('→ 504 problem+json in bounded time, no hang; other routes unaffected; recovers after SIGCONT', async () => {
      sys = await startProcesses('rel_slow_service', { SEATLEASE_UPSTREAM_TIMEOUT_MS: '500' });
      await sys.advanceTo('2027-03-01T09:00:00+08:00');
      const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
      const get = (path: string) => timedFetch(`${sys.gatewayUrl}${path}`, { headers: auth, timeoutMs: 10_000 });
      expect((await get('/v1/invoices')).status).to.equal(200);

      const billing = sys.children.get('billing-service')!;
      billing.kill('SIGSTOP');
      stopped = billing;
      try {
        for (const path of ['/v1/invoices', '/v1/reports/ar-aging', '/v1/invoices?tenantId=00000000-0000-4000-8000-000000000001']) {
          const res = await get(path);
          expect(res.status, `${path}: ${res.text}`).to.equal(504);
          expect(isProblem(res), 'problem+json').to.equal(true);
          expect(res.ms, `${path} answered in ${Math.round(res.ms)} ms`).to.be.below(1_000);
        }
        // A POST too (it may run once the service wakes up: that is what Idempotency-Key is for).
        const post = await timedFetch(`${sys.gatewayUrl}/v1/billing-runs`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': 'slow-run-1' },
          body: JSON.stringify({ period: '2027-04' }),
          timeoutMs: 10_000,
        });
        expect(post.status, post.text).to.equal(504);
        expect(post.ms).to.be.below(1_000);
        // contract-service keeps answering; readiness tells the truth, in bounded time.
        expect((await get('/v1/price-list')).status).to.equal(200);
        const ready = await timedFetch(`${sys.gatewayUrl}/readyz`, { timeoutMs: 10_000 });
        expect(ready.status).to.equal(503);
        expect(ready.ms).to.be.below(3_000);
      } finally {
        billing.kill('SIGCONT');
        stopped = undefined;
      }
      await waitFor('billing to answer again', async () => (await get('/v1/invoices')).status === 200, 10_000, 100);
      await waitFor('/readyz 200 again', async () => (await timedFetch(`${sys.gatewayUrl}/readyz`, { timeoutMs: 5_000 })).status === 200, 10_000, 100);
    });
  });
});
