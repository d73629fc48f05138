/**
 * The incident notice relay (decision 0046): a notice owed while billing-service is unreachable
 * waits, pending, with the error and a later attempt; once billing answers it is relayed, with
 * everything the mail needs, and never again.
 */
import { createServer, type Server } from 'node:http';
import { expect } from 'chai';
import { createLogger, freePort, ServiceClient } from '@seatlease/shared';
import { IncidentNoticeRelay } from '../src/incidents/incident-notice-relay';
import { startContractHarness, type Harness } from './harness';

describe('incident notice relay', function () {
  this.timeout(60_000);
  let h: Harness;
  let stub: Server | undefined;
  after(async () => {
    stub?.close();
    await h?.close();
  });

  it('keeps a notice pending while billing is down, relays it once billing answers, then never again', async () => {
    h = await startContractHarness('incident_relay', '2027-02-20T09:00:00+08:00');
    const t = await h.call('POST', '/v1/tenants', { name: '通知租户', billingEmails: ['ap@relay.example'] });
    const c = await h.call('POST', '/v1/contracts', { tenantId: t.body.id, seatTier: 'county', startMonth: '2027-03', termMonths: 6, seats: 2, openingDate: '2027-03-01' });
    expect(c.status, c.text).to.equal(201);
    h.setNow('2027-03-03T10:00:00+08:00');
    const inc = await h.call('POST', '/v1/incidents', { startedAt: '2027-03-03T09:00:00+08:00', cause: 'provider', severity: 'major', description: '停电', scope: { contractIds: [c.body.id] } });
    expect(inc.status, inc.text).to.equal(201);
    const knex = h.svc.knex;
    expect(await knex('incident_notices').select('kind', 'status', 'attempts')).to.deep.equal([{ kind: 'major_fault_warning', status: 'pending', attempts: 0 }]);

    const log = createLogger('relay-test', 'silent');
    const port = await freePort();
    const down = new IncidentNoticeRelay(knex, new ServiceClient(`http://127.0.0.1:${port}`, 'test-internal-token-0123456789', 2_000, 'billing-service'), log);
    expect(await down.relayDue()).to.equal(1);
    const waiting = await knex('incident_notices').first();
    expect(waiting).to.include({ status: 'pending', attempts: 1 });
    expect(waiting.last_error).to.match(/unreachable/);
    expect((waiting.next_attempt_at as Date).getTime()).to.be.greaterThan(Date.now());
    // Not due yet: a pass now takes nothing.
    expect(await down.relayDue()).to.equal(0);

    const posted: Array<{ body: Record<string, unknown>; now: string | undefined }> = [];
    stub = createServer((req, res) => {
      let raw = '';
      req.on('data', (d) => (raw += d));
      req.on('end', () => {
        posted.push({ body: JSON.parse(raw), now: req.headers['x-seatlease-now'] as string | undefined });
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ queued: true }));
      });
    });
    await new Promise<void>((r) => stub!.listen(port, '127.0.0.1', () => r()));
    await knex('incident_notices').update({ next_attempt_at: new Date(0) });
    const up = new IncidentNoticeRelay(knex, new ServiceClient(`http://127.0.0.1:${port}`, 'test-internal-token-0123456789', 2_000, 'billing-service'), log);
    expect(await up.relayDue()).to.equal(1);
    expect(await up.relayDue()).to.equal(0);
    expect(posted).to.have.length(1);
    expect(posted[0]!.body).to.deep.include({ key: `incident:${inc.body.id}:${t.body.id}:major_fault_warning`, kind: 'major_fault_warning', tenantId: t.body.id, tenantName: '通知租户', recipients: ['ap@relay.example'] });
    expect((posted[0]!.body.incident as { contracts: unknown }).contracts).to.deep.equal([{ contractId: c.body.id, seatsAffected: 2 }]);
    expect(await knex('incident_notices').select('status', 'attempts')).to.deep.equal([{ status: 'relayed', attempts: 1 }]);
  });
});
