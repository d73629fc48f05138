/**
 * A deterministic portfolio of tenants and contracts, signed through the public API, so that two
 * databases seeded with it bill the same (compared contract by contract, in creation order).
 */
import { expect } from 'chai';
import type { HttpResult } from '@seatlease/shared/test/support/testing';

type Api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<HttpResult>;

const TIERS = ['province', 'prefecture', 'county'] as const;

export interface Portfolio {
  tenantIds: string[];
  /** In creation order. */
  contractIds: string[];
}

/**
 * `contracts` contracts over `tenants` tenants, all starting 2027-03 (the clock must be at or
 * before 2027-03-01), with varied tiers, seats, opening dates, one-off charges and added seats, so
 * that invoices differ from contract to contract.
 */
export async function seedPortfolio(api: Api, contracts: number, tenants = 3): Promise<Portfolio> {
  const tenantIds: string[] = [];
  for (let t = 0; t < tenants; t++) {
    const res = await api('POST', '/v1/tenants', { name: `可靠性测试租户 ${t + 1}`, billingEmails: [`ap${t + 1}@reliability.example`] });
    expect(res.status, res.text).to.equal(201);
    tenantIds.push(res.body.id);
  }
  const contractIds: string[] = [];
  for (let i = 0; i < contracts; i++) {
    const c = await api('POST', '/v1/contracts', {
      tenantId: tenantIds[i % tenants],
      seatTier: TIERS[i % TIERS.length],
      startMonth: '2027-03',
      termMonths: 12,
      seats: 1 + (i % 4),
      openingDate: `2027-03-${String(10 + (i % 15)).padStart(2, '0')}`,
    });
    expect(c.status, c.text).to.equal(201);
    const id = c.body.id as string;
    contractIds.push(id);
    if (i % 3 === 1) {
      const charge = await api('POST', `/v1/contracts/${id}/one-off-charges`, { amount: 12_345 + i * 100, description: `工位调整服务费 ${i}` });
      expect(charge.status, charge.text).to.equal(201);
    }
    if (i % 4 === 2) {
      const order = await api('POST', `/v1/contracts/${id}/seat-orders`, { kind: 'add', quantity: 1, effectiveDate: '2027-03-26' });
      expect(order.status, order.text).to.equal(201);
    }
  }
  return { tenantIds, contractIds };
}
