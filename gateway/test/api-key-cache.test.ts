/**
 * The verified-key cache (docs/decisions/0014-api-key-cache.md): answers from memory within its
 * TTL, forgets a key revoked in this process at once — even when a lookup that began before the
 * revocation finishes after it — and bounds how long another replica's revocation goes unseen.
 * A fake clock and a fake repository: nothing here waits.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { ApiKeyRecord } from '../src/api-keys/api-key.repository';
import { hashToken } from '../src/api-keys/api-key.tokens';
import { API_KEY_CACHE_TTL_MS, ApiKeyAuthenticator } from '../src/api-keys/authenticate-api-key';
import { ADMIN_TOKEN, call, expectProblem, startHarness, type Harness } from './support/harness';

class FakeKeys {
  readonly rows = new Map<string, ApiKeyRecord>();
  reads = 0;
  /** When set, lookups wait for this before answering (a slow database). */
  gate: Promise<void> | null = null;

  add(token: string): ApiKeyRecord {
    const record: ApiKeyRecord = { id: randomUUID(), name: 'k', role: 'staff', tenantId: null, agentId: null, tokenHash: hashToken(token), createdAt: new Date(), revokedAt: null };
    this.rows.set(record.tokenHash, record);
    return record;
  }

  revoke(record: ApiKeyRecord): void {
    this.rows.set(record.tokenHash, { ...record, revokedAt: new Date() });
  }

  async findByTokenHash(tokenHash: string): Promise<ApiKeyRecord | null> {
    this.reads++;
    const row = this.rows.get(tokenHash) ?? null; // read now, answered later: a snapshot
    if (this.gate) await this.gate;
    return row;
  }
}

describe('gateway: the API key cache', () => {
  let keys: FakeKeys;
  let nowMs: number;
  let auth: ApiKeyAuthenticator;

  beforeEach(() => {
    keys = new FakeKeys();
    nowMs = 1_000_000;
    auth = new ApiKeyAuthenticator(keys, { now: () => nowMs });
  });

  it('answers a verified key from memory, without the database, until the TTL', async () => {
    const record = keys.add('sl_a');
    expect((await auth.authenticate('sl_a'))?.id).to.equal(record.id);
    expect(keys.reads).to.equal(1);
    const again = auth.lookup('sl_a');
    expect(again).not.to.be.instanceOf(Promise); // synchronous: the hot path
    expect((again as { id: string }).id).to.equal(record.id);
    nowMs += API_KEY_CACHE_TTL_MS - 1;
    auth.lookup('sl_a');
    expect(keys.reads).to.equal(1);
    nowMs += 1;
    await auth.authenticate('sl_a');
    expect(keys.reads).to.equal(2);
  });

  it('never caches unknown or revoked tokens', async () => {
    const record = keys.add('sl_b');
    keys.revoke(record);
    expect(await auth.authenticate('sl_b')).to.equal(null);
    expect(await auth.authenticate('sl_b')).to.equal(null);
    expect(await auth.authenticate('sl_nobody')).to.equal(null);
    expect(keys.reads).to.equal(3);
    expect(auth.lookup('')).to.equal(null);
    expect(auth.lookup('x'.repeat(513))).to.equal(null);
    expect(keys.reads).to.equal(3);
  });

  it('forgets a key revoked in this process at once', async () => {
    const record = keys.add('sl_c');
    const other = keys.add('sl_d');
    await auth.authenticate('sl_c');
    await auth.authenticate('sl_d');
    keys.revoke(record);
    auth.forget(record.id);
    expect(await auth.authenticate('sl_c')).to.equal(null);
    // other keys stay cached
    const reads = keys.reads;
    expect((auth.lookup('sl_d') as { id: string }).id).to.equal(other.id);
    expect(keys.reads).to.equal(reads);
  });

  it('does not re-cache a key read before its revocation and answered after it', async () => {
    const record = keys.add('sl_e');
    let open!: () => void;
    keys.gate = new Promise<void>((r) => (open = r));
    const inFlight = auth.authenticate('sl_e'); // reads the row while the key is still active
    keys.revoke(record);
    auth.forget(record.id);
    open();
    keys.gate = null;
    expect((await inFlight)?.id).to.equal(record.id); // it began before the revocation
    expect(await auth.authenticate('sl_e')).to.equal(null); // but nothing after it is let in
  });

  it('sees a revocation made by another replica within the TTL, at the latest', async () => {
    const record = keys.add('sl_f');
    await auth.authenticate('sl_f');
    keys.revoke(record); // another gateway revoked it: this one was not told
    nowMs += API_KEY_CACHE_TTL_MS - 1;
    expect(auth.lookup('sl_f')).not.to.equal(null); // the documented bound
    nowMs += 1;
    expect(await auth.authenticate('sl_f')).to.equal(null);
  });

  it('stays bounded in size', async () => {
    const small = new ApiKeyAuthenticator(keys, { now: () => nowMs, maxEntries: 2 });
    for (const t of ['sl_1', 'sl_2', 'sl_3']) keys.add(t);
    for (const t of ['sl_1', 'sl_2', 'sl_3']) await small.authenticate(t);
    const reads = keys.reads;
    await small.authenticate('sl_3'); // kept: the cache started over when full
    expect(keys.reads).to.equal(reads);
    await small.authenticate('sl_1'); // dropped when the cache started over
    expect(keys.reads).to.equal(reads + 1);
  });
});

describe('gateway: revoking a cached key through the API', () => {
  let h: Harness;

  before(async () => {
    h = await startHarness('key_cache');
  });
  after(async () => h?.stop());

  it('refuses the key at once on the gateway that revoked it, on both paths, after it was cached', async () => {
    const base = h.gateway.url;
    const key = (await call(base, 'POST', '/v1/api-keys', { body: { role: 'staff', name: 'cached staff' } })).json;
    // cache it on the fast path (GET) and use it on the Express path (POST)
    expect((await call(base, 'GET', '/v1/invoices', { token: key.token })).status).to.equal(200);
    expect((await call(base, 'POST', '/v1/payments', { token: key.token, body: {} })).status).to.equal(201);
    expect((await call(base, 'DELETE', `/v1/api-keys/${key.id}`, { token: ADMIN_TOKEN })).status).to.equal(200);
    expectProblem(await call(base, 'GET', '/v1/invoices', { token: key.token }), 401);
    expectProblem(await call(base, 'POST', '/v1/payments', { token: key.token, body: {} }), 401);
    expect(h.billing.calls('GET', '/v1/invoices')).to.have.length(1);
    expect(h.billing.calls('POST', '/v1/payments')).to.have.length(1);
  });
});
