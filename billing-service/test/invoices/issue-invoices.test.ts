/**
 * A billing run's batch (`issueInvoices`, one transaction) bills exactly what `issueInvoice`
 * bills contract by contract in the same order: the same invoices, numbers, lines, deposit
 * and credit ledgers and mails — including tenant credit carried by one contract and spent by
 * the next of its tenant inside the batch, and a contract already invoiced, which is skipped.
 */
import { expect } from 'chai';
import type { Knex } from 'knex';
import { createKnex, createLogger, createMetrics, loadConfig, migrate, ServiceClient, type BillingFacts } from '@seatlease/shared';
import { freshDatabase, testEnv, type TestDatabase } from '@seatlease/shared/test/support/testing';
import { migrations } from '../../src/migrations/001-initial';
import { CalendarStore } from '../../src/calendar/calendar.store';
import { issueInvoice, issueInvoices } from '../../src/invoices/issue-invoice';
import { runBilling } from '../../src/runs/billing-run';
import type { Deps } from '../../src/deps';
import { FactsBuilder } from '../engine/facts.builder';
import { fapiaoItems } from '../../src/fapiao/fapiao-items';

const T1 = 'a1111111-1111-4111-8111-111111111111';
const T2 = 'a2222222-2222-4222-8222-222222222222';
const id = (n: number) => `c${n}000000-0000-4000-8000-000000000000`;

function contract(n: number, tenantId: string, build: (b: FactsBuilder) => FactsBuilder): BillingFacts {
  const f = build(new FactsBuilder({ startMonth: '2027-03', restoreWindowHours: 4 })).facts;
  return { ...f, contractId: id(n), tenantId, tenantName: tenantId === T1 ? '上海鼎信客户服务外包有限公司' : '北京华通呼叫中心有限公司', billingEmails: [`ap${n}@tenant.example`] };
}

/** As signed: 10 seats each from 2027-03-01. */
const OPENING = [1, 2, 3, 4, 5].map((n) => contract(n, n <= 3 ? T1 : T2, (b) => b.seats('o1', 10, '2027-03-01')));

/** April's facts: c1 returned 9 seats on 5 March (its April invoice goes negative: credit carried). */
const APRIL = [
  contract(1, T1, (b) => b.seats('o1', 9, '2027-03-01', { liveTo: '2027-03-05' }).seats('o1', 1, '2027-03-01')),
  contract(2, T1, (b) => b.seats('o1', 10, '2027-03-01')),
  contract(3, T1, (b) => b.seats('o1', 10, '2027-03-01').outage('out-1', '2027-03-03T10:00:00+08:00', '2027-03-04T16:00:00+08:00', 3)),
  contract(4, T2, (b) => b.seats('o1', 10, '2027-03-01').seats('o2', 2, '2027-03-20')),
  contract(5, T2, (b) => b.seats('o1', 10, '2027-03-01')),
];

const NOW = Date.parse('2027-03-10T00:00:00+08:00');

async function system(label: string, env: Record<string, string> = {}): Promise<{ deps: Deps; db: TestDatabase }> {
  const db = await freshDatabase(label);
  const knex = createKnex(db.url, 'billing', { max: 4 });
  await migrate(knex, 'billing', migrations);
  const log = createLogger('test', 'silent');
  const deps: Deps = {
    knex,
    log,
    metrics: createMetrics('billing-test'),
    config: loadConfig({ ...testEnv(), ...env }),
    billParties: async (tenantIds, contractIds = []) => ({ profiles: new Map(tenantIds.map((id) => [id, null])), contractNumbers: new Map(contractIds.map((id) => [id, null])) }),
    fapiaoItems: fapiaoItems({ SEATLEASE_FAPIAO_TAX_CODES: {} }),
    contracts: new ServiceClient('http://127.0.0.1:9', 'unused-internal-token'),
    calendar: new CalendarStore(knex, log),
    wakeMailer: () => {},
    backups: null,
  };
  // History, the same in both: the opening invoices, and c5 already billed for April.
  for (const facts of OPENING) await issueInvoice(deps, { facts, period: '2027-03', kind: 'opening', issuedOn: '2027-02-20', nowMs: NOW });
  await issueInvoice(deps, { facts: APRIL[4]!, period: '2027-04', kind: 'monthly', issuedOn: '2027-03-10', nowMs: NOW });
  return { deps, db };
}

/** Everything issued, without the random ids. */
async function ledger(knex: Knex) {
  const number = `(select number from invoices i where i.id = x.invoice_id)`;
  return {
    invoices: await knex('invoices').orderBy('number').select('number', 'contract_id', 'tenant_id', 'kind', 'period', 'issued_on', 'due_date', 'total_fen', 'tax_fen', 'run_id', 'warnings'),
    lines: await knex.raw(`select ${number} as number, position, code, description, quantity, unit_amount_fen, amount_fen, period, clause, formula, ref from invoice_lines x order by 1, 2`).then((r) => r.rows),
    deposits: await knex.raw(`select ${number} as number, contract_id, tenant_id, entry, amount_fen, on_date from deposit_ledger x order by 1, entry`).then((r) => r.rows),
    credits: await knex.raw(`select ${number} as number, contract_id, tenant_id, entry, amount_fen, on_date from credit_ledger x order by 1, entry`).then((r) => r.rows),
    mails: await knex.raw(`select ${number} as number, kind, recipients, subject, body_text, status from mail_outbox x order by 1`).then((r) => r.rows),
  };
}

describe('issueInvoices: a batch bills as issueInvoice does one by one', function () {
  this.timeout(60_000);
  let one: { deps: Deps; db: TestDatabase };
  let batch: { deps: Deps; db: TestDatabase };

  before(async () => {
    one = await system('issue_one_by_one');
    batch = await system('issue_batch');
  });
  after(async () => {
    for (const s of [one, batch]) {
      await s?.deps.knex.destroy();
      await s?.db.drop();
    }
  });

  it('issues the same invoices, lines, ledgers and mails', async () => {
    const req = { period: '2027-04', kind: 'monthly' as const, issuedOn: '2027-03-10', nowMs: NOW, runId: null };
    for (const facts of APRIL) await issueInvoice(one.deps, { ...req, facts });
    const result = await issueInvoices(batch.deps, { ...req, facts: APRIL });
    expect(result).to.deep.equal({ issued: 4, skipped: 1 });

    const a = await ledger(one.deps.knex);
    const b = await ledger(batch.deps.knex);
    expect(b).to.deep.equal(a);
    // the scenario does what it is meant to: c1 carries credit, its tenant's next contracts spend it
    const credits = a.credits.map((c: { contract_id: string; entry: string }) => [c.contract_id, c.entry]);
    expect(credits).to.deep.include([id(1), 'carried']);
    expect(credits).to.deep.include([id(2), 'applied']);
    expect(a.invoices.filter((i: { period: string }) => i.period === '2027-04')).to.have.length(5);
  });

  it('a billing run of one-contract batches, two in flight, issues the same (credit carried across batches)', async () => {
    const run = await system('issue_run', { SEATLEASE_BILLING_RUN_BATCH: '1' });
    try {
      // contract-service's one page of April's facts, in contract id order
      const page = { data: APRIL, nextAfter: null };
      run.deps.contracts = { expect: async () => page } as unknown as ServiceClient;
      const done = await runBilling(run.deps, { period: '2027-04', today: '2027-03-10', nowMs: NOW, trigger: 'api' });
      expect(done).to.include({ status: 'completed', invoices_issued: 4, contracts_seen: 5 });
      const req = { period: '2027-04', kind: 'monthly' as const, issuedOn: '2027-03-10', nowMs: NOW, runId: null };
      const reference = await system('issue_run_reference');
      try {
        for (const facts of APRIL) await issueInvoice(reference.deps, { ...req, facts });
        const b = await ledger(run.deps.knex);
        b.invoices = b.invoices.map((i: { run_id: string | null; period: string }) => ({ ...i, run_id: i.period === '2027-04' && i.run_id === done.id ? null : i.run_id }));
        expect(b).to.deep.equal(await ledger(reference.deps.knex));
      } finally {
        await reference.deps.knex.destroy();
        await reference.db.drop();
      }
    } finally {
      await run.deps.knex.destroy();
      await run.db.drop();
    }
  });

  it('issues nothing the second time', async () => {
    const req = { period: '2027-04', kind: 'monthly' as const, issuedOn: '2027-03-10', nowMs: NOW, runId: null };
    expect(await issueInvoices(batch.deps, { ...req, facts: APRIL })).to.deep.equal({ issued: 0, skipped: 5 });
  });
});
