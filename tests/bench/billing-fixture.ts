/**
 * The billing-run benchmark's data: N contracts of ~10 seats (1,000,000 seats for 100,000),
 * written straight into the contract and billing schemas with set-based SQL.
 *
 * A BENCHMARK FIXTURE, not a way to create contracts: signing 100,000 contracts through the API
 * would take most of an hour and bypasses nothing we measure (the run reads contracts, it
 * does not sign them). The rows are shaped as the API writes them (create-contract.ts,
 * seat orders, outages, terminate-contract.ts), without audit rows, and deterministic: contract
 * i always gets the same id (md5 of its number), seats and events.
 *
 * The story, for period 2027-04 billed on 2027-03-10 (SPEC §4: month M is billed on the 10th
 * of M−1):
 * - every contract: signed 2027-01-05, 12 months from 2027-02, seats opened on 2027-02-01,
 *   ¥2,000 per seat-month, 6% VAT, a 4-hour restore window; 5 contracts per tenant;
 * - history, as earlier runs left it (written in the seeding transaction, as billing's
 *   triggers require of invoice lines, so their created_at is the seeding time): an opening invoice for 2027-02 (deposit and February's
 *   rent) and a monthly invoice for 2027-03 (March's rent) — 2N invoices, 3N lines, with the
 *   refs and amounts the engine gives them, so that a contract with no events owes exactly
 *   April's rent;
 * - then, after March was billed: 5% add 2 seats on 2027-03-05, 5% return one seat on
 *   2027-03-08 (10% with a mid-month add or return), 5% have a 30-hour provider outage on
 *   2–4 seats on 3–4 March, 1% give notice on 2027-03-01 of a tenant-breach termination
 *   effective 2027-04-15.
 */
import type pg from 'pg';

export const PERIOD = '2027-04';
/** The billing day of the period, 00:00 Asia/Shanghai (the scheduler's slot). */
export const RUN_AT = '2027-03-10T00:00:00+08:00';
export const CONTRACTS_PER_TENANT = 5;
export const SEAT_FEE_FEN = 200_000;

/**
 * SQL for a deterministic version-4 UUID from a text (md5 with the version and variant
 * nibbles set): the services validate ids as RFC 4122 UUIDs, as randomUUID() makes them.
 */
function uid(textSql: string): string {
  return `overlay(overlay(md5(${textSql}) placing '4' from 13) placing '8' from 17)::uuid`;
}

/** SQL for contract i's seats (1..19, mean 10): the same in every statement. */
const SEATS = `(1 + (i * 7919) % 19)`;
const CONTRACT_ID = uid(`'contract:' || i`);
const TENANT_NO = `(1 + (i - 1) / ${CONTRACTS_PER_TENANT})`;
const TENANT_ID = uid(`'tenant:' || ${TENANT_NO}`);

export interface FixtureCounts {
  contracts: number;
  tenants: number;
  seats: number;
  adds: number;
  returns: number;
  outages: number;
  terminations: number;
  historyInvoices: number;
  historyLines: number;
}

async function count(client: pg.Client, sql: string): Promise<number> {
  return Number((await client.query(sql)).rows[0].n);
}

export async function seedBillingFixture(client: pg.Client, n: number, { unread = false }: { unread?: boolean } = {}): Promise<FixtureCounts> {
  const tenants = Math.ceil(n / CONTRACTS_PER_TENANT);
  const q = (sql: string) => client.query(sql);
  await q('begin');
  // billing's triggers name their tables unqualified, as the services' sessions see them
  await q('set local search_path to billing, public');
  await q(`insert into contract.tenants (id, name, billing_emails, created_at)
           select ${uid(`'tenant:' || t`)},
                  (array['上海','北京','广州','深圳','杭州','成都','武汉','西安'])[1 + t % 8] || '第' || t || '号坐席客户服务有限公司',
                  array['ap' || t || '@tenant.example', 'finance' || t || '@tenant.example'],
                  '2027-01-02'
           from generate_series(1, ${tenants}) t`);
  await q(`insert into contract.contracts (id, number, tenant_id, seat_tier, signed_on, start_month, term_months, vat_rate_bp,
             restore_window_hours, call_rate_local_fen, call_rate_domestic_fen, call_rate_mobile_fen, status, created_at)
           select ${CONTRACT_ID}, 'HT-2027-' || lpad(i::text, 6, '0'), ${TENANT_ID}, 'county', '2027-01-05', '2027-02', 12, 600, 4, 10, 20, 15, 'active', '2027-01-05'
           from generate_series(1, ${n}) i`);
  await q(`insert into contract.contract_numbers (year, last) values (2027, ${n})`);
  await q(`insert into contract.contract_prices (contract_id, effective_month, seat_fee_fen, circuit_fee_fen)
           select ${CONTRACT_ID}, '2027-02', ${SEAT_FEE_FEN}, 0 from generate_series(1, ${n}) i`);
  await q(`insert into contract.seat_orders (id, contract_id, kind, quantity, effective_date, initial, opened_on, created_at)
           select ${uid(`'order:' || i`)}, ${CONTRACT_ID}, 'add', ${SEATS}, '2027-02-01', true, '2027-02-01', '2027-01-05'
           from generate_series(1, ${n}) i`);

  // History: the opening invoice (deposit + February) and March's monthly invoice.
  await q(`insert into billing.invoices (id, number, contract_id, tenant_id, tenant_name, billing_emails, kind, period,
             issued_on, due_date, currency, total_fen, tax_fen, vat_rate_bp, run_id, warnings)
           select ${uid(`'opening:' || i`)}, 'INV-2027-' || lpad(i::text, 6, '0'), ${CONTRACT_ID}, t.id, t.name, t.billing_emails,
                  'opening', '2027-02', '2027-01-05', '2027-01-20', 'CNY', 2 * ${SEATS} * ${SEAT_FEE_FEN}::bigint,
                  round(2 * ${SEATS} * ${SEAT_FEE_FEN}::bigint * 600 / 10600.0), 600, null, '[]'
           from generate_series(1, ${n}) i join contract.tenants t on t.id = ${TENANT_ID}`);
  await q(`insert into billing.invoices (id, number, contract_id, tenant_id, tenant_name, billing_emails, kind, period,
             issued_on, due_date, currency, total_fen, tax_fen, vat_rate_bp, run_id, warnings)
           select ${uid(`'march:' || i`)}, 'INV-2027-' || lpad((${n} + i)::text, 6, '0'), ${CONTRACT_ID}, t.id, t.name, t.billing_emails,
                  'monthly', '2027-03', '2027-02-10', '2027-02-24', 'CNY', ${SEATS} * ${SEAT_FEE_FEN}::bigint,
                  round(${SEATS} * ${SEAT_FEE_FEN}::bigint * 600 / 10600.0), 600, null, '[]'
           from generate_series(1, ${n}) i join contract.tenants t on t.id = ${TENANT_ID}`);
  await q(`insert into billing.invoice_lines (invoice_id, contract_id, position, code, description, quantity, unit_amount_fen,
             amount_fen, period, clause, formula, ref)
           select inv, ${CONTRACT_ID}, pos, code, descr, ${SEATS}, ${SEAT_FEE_FEN}, ${SEATS} * ${SEAT_FEE_FEN}::bigint, period, clause,
                  ${SEATS} || ' 坐席 × ¥2,000.00', ref
           from generate_series(1, ${n}) i,
                lateral (values
                  (${uid(`'opening:' || i`)}, 1, 'deposit', '押金 / Deposit', '2027-02', '§2.A6', 'deposit'),
                  (${uid(`'opening:' || i`)}, 2, 'rent', '坐席月租 / Seat rent', '2027-02', '§6.4', 'rent:2027-02'),
                  (${uid(`'march:' || i`)}, 1, 'rent', '坐席月租 / Seat rent', '2027-03', '§6.4', 'rent:2027-03')
                ) as l(inv, pos, code, descr, period, clause, ref)
           order by i, inv, pos`);
  await q(`insert into billing.deposit_ledger (contract_id, tenant_id, entry, amount_fen, invoice_id, on_date)
           select ${CONTRACT_ID}, ${TENANT_ID}, 'held', ${SEATS} * ${SEAT_FEE_FEN}::bigint, ${uid(`'opening:' || i`)}, '2027-01-05'
           from generate_series(1, ${n}) i`);
  await q(`insert into billing.invoice_numbers (series, year, last) values ('INV', 2027, ${2 * n})`);

  // March's events, after March was billed.
  await q(`insert into contract.seat_orders (id, contract_id, kind, quantity, effective_date, initial, opened_on, created_at)
           select ${uid(`'event:' || i`)}, ${CONTRACT_ID},
                  case when i % 100 < 5 or ${SEATS} < 2 then 'add' else 'return' end,
                  case when i % 100 < 5 or ${SEATS} < 2 then 2 else 1 end,
                  case when i % 100 < 5 or ${SEATS} < 2 then '2027-03-05'::date else '2027-03-08'::date end,
                  false,
                  case when i % 100 < 5 or ${SEATS} < 2 then '2027-03-05'::date else null end,
                  '2027-02-25'
           from generate_series(1, ${n}) i where i % 100 < 10`);
  await q(`insert into contract.outages (id, contract_id, started_at, ended_at, seats_affected, cause, description, created_at)
           select ${uid(`'outage:' || i`)}, ${CONTRACT_ID}, '2027-03-03T10:00:00+08:00', '2027-03-04T16:00:00+08:00',
                  least(2 + i % 3, ${SEATS}), 'provider', '线路中断 / line down', '2027-03-04T17:00:00+08:00'
           from generate_series(1, ${n}) i where i % 100 between 10 and 14`);
  await q(`insert into contract.terminations (id, contract_id, kind, notice_date, effective_date, reason, seats_live_at_notice,
             monthly_fee_at_notice_fen, term_months_at_notice, created_at)
           select ${uid(`'termination:' || i`)}, ${CONTRACT_ID}, 'tenant_breach', '2027-03-01', '2027-04-15', '提前退租',
                  ${SEATS}, ${SEAT_FEE_FEN}, 12, '2027-03-01'
           from generate_series(1, ${n}) i where i % 100 = 15`);
  await q('commit');
  // The history as a month of use leaves it: every bill and line read since it was written (its
  // mail and PDF, the portal), so its rows' hint bits are set and its pages all-visible, as
  // autovacuum leaves them. `--history-unread` keeps the rows as written (the fixture before
  // 2026-12-06): the run's first reads then set the hint bits, each page once, with a full-page
  // image in the WAL after the checkpoint (PostgreSQL 18 initialises with data checksums).
  await q(unread ? 'analyze' : 'vacuum (analyze)');
  return {
    contracts: n,
    tenants,
    seats: await count(client, `select sum(quantity) as n from contract.seat_orders where initial`),
    adds: await count(client, `select count(*) as n from contract.seat_orders where not initial and kind = 'add'`),
    returns: await count(client, `select count(*) as n from contract.seat_orders where kind = 'return'`),
    outages: await count(client, `select count(*) as n from contract.outages`),
    terminations: await count(client, `select count(*) as n from contract.terminations`),
    historyInvoices: await count(client, `select count(*) as n from billing.invoices`),
    historyLines: await count(client, `select count(*) as n from billing.invoice_lines`),
  };
}
