/**
 * GET /internal/tenants/:id — what billing prints about a tenant (decision 0062): made for
 * billing, so billing never reads the public route under a borrowed staff role.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { INTERNAL_HEADER, loadConfig } from '@seatlease/shared';
import { testEnv } from '@seatlease/shared/test/support/testing';
import { startContractHarness, type Harness } from './harness';

describe('contract-service: the tenant as billing asks for it', () => {
  let h: Harness;
  before(async () => {
    h = await startContractHarness('internal_tenants');
  });
  after(async () => h.close());

  it('answers id, name and billing emails; an unknown tenant is 404; a malformed id is 404', async () => {
    const t = await h.call('POST', '/v1/tenants', { name: '华南呼叫中心有限公司', billingEmails: ['ap@huanan.example', 'cfo@huanan.example'] });
    expect(t.status).to.equal(201);
    const got = await h.call('GET', `/internal/tenants/${t.body.id}`);
    expect(got.status).to.equal(200);
    expect(got.body).to.deep.equal({ id: t.body.id, name: '华南呼叫中心有限公司', billingEmails: ['ap@huanan.example', 'cfo@huanan.example'] });
    expect((await h.call('GET', `/internal/tenants/${randomUUID()}`)).status).to.equal(404);
    expect((await h.call('GET', '/internal/tenants/not-a-uuid')).status).to.equal(404);
  });

  it('needs no actor, only the internal credential', async () => {
    const t = await h.call('POST', '/v1/tenants', { name: '西北坐席有限公司', billingEmails: ['ap@xibei.example'] });
    const token = loadConfig(testEnv()).SEATLEASE_INTERNAL_TOKEN!;
    const bare = await fetch(`${h.svc.url}/internal/tenants/${t.body.id}`, { headers: { [INTERNAL_HEADER]: token } });
    expect(bare.status).to.equal(200);
    expect(((await bare.json()) as { name: string }).name).to.equal('西北坐席有限公司');
    expect((await fetch(`${h.svc.url}/internal/tenants/${t.body.id}`)).status).to.equal(401);
  });
});
