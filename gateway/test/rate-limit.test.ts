import { expect } from 'chai';
import { call, expectProblem, startHarness, type Harness } from './support/harness';

describe('gateway: rate limiting', () => {
  let h: Harness;
  let base: string;

  before(async () => {
    h = await startHarness('rate_limit', { SEATLEASE_RATE_LIMIT_PER_MINUTE: '3' });
    base = h.gateway.url;
  });
  after(async () => h?.stop());

  it('answers 429 problem+json with Retry-After past the limit, per API key', async () => {
    for (let i = 0; i < 3; i++) expect((await call(base, 'GET', '/v1/price-list')).status).to.equal(200);
    const limited = await call(base, 'GET', '/v1/price-list');
    expectProblem(limited, 429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).to.be.greaterThan(0);
    expect(retryAfter).to.be.at.most(60);
    expect(h.contract.calls('GET', '/v1/price-list')).to.have.length(3);
  });

  it('counts anonymous callers per IP and never limits the probes', async () => {
    for (let i = 0; i < 3; i++) expect((await call(base, 'GET', '/docs/openapi.json', { token: null })).status).to.equal(200);
    expectProblem(await call(base, 'GET', '/docs/openapi.json', { token: null }), 429);
    for (let i = 0; i < 5; i++) {
      expect((await call(base, 'GET', '/healthz', { token: null })).status).to.equal(200);
      expect((await call(base, 'GET', '/metrics', { token: null })).status).to.equal(200);
    }
  });
});
