/**
 * The check every scenario's answers go through (tests/src/system.ts → documented-answers.ts):
 * it passes an answer as documented and fails one that breaks or outgrows its reference shape.
 * Pure: no system is started.
 */
import { expect } from 'chai';
import { answerDrift, routeOf } from '../src/documented-answers';

const ID = '0b6f7e0a-5f7c-4d7e-9a51-3a1f2b6c7d8e';
const tenant = { id: ID, name: '示例有限公司', billingEmails: ['ap@example.com'], createdAt: '2027-03-01T09:00:00+08:00', invoicingProfile: null };

describe('answers checked against the API reference', () => {
  it('finds the route a request reaches, a literal segment before a parameter', () => {
    expect(routeOf('GET', '/v1/invoices/export?format=csv')?.path).to.equal('/v1/invoices/export');
    expect(routeOf('GET', `/v1/invoices/${ID}`)?.path).to.equal('/v1/invoices/:id');
    expect(routeOf('get', `/v1/tenants?limit=2`)?.path).to.equal('/v1/tenants');
  });

  it('passes an answer as documented, in a list too', () => {
    expect(answerDrift('GET', `/v1/tenants/${ID}`, tenant)).to.deep.equal([]);
    expect(answerDrift('GET', '/v1/tenants', { data: [tenant], hasMore: false, nextCursor: null })).to.deep.equal([]);
  });

  it('names a field the reference does not know, however deep', () => {
    expect(answerDrift('GET', `/v1/tenants/${ID}`, { ...tenant, colour: 'red' })).to.deep.equal(['GET /v1/tenants/:id: .colour is not in the reference']);
    const page = { data: [tenant, { ...tenant, invoicingProfile: { title: 'x', taxId: 'y', fapiaoType: 'normal', updatedAt: '2027-03-01T09:00:00+08:00', stamp: 1 } }], hasMore: false, nextCursor: null };
    expect(answerDrift('GET', '/v1/tenants', page)).to.deep.equal(['GET /v1/tenants: .data[1].invoicingProfile.stamp is not in the reference']);
  });

  it('names a required field missing or of another type', () => {
    const { name: _name, ...nameless } = tenant;
    expect(answerDrift('GET', `/v1/tenants/${ID}`, nameless)[0]).to.match(/^GET \/v1\/tenants\/:id: name /);
    expect(answerDrift('GET', '/v1/tenants', { data: [tenant], hasMore: 'no', nextCursor: null })[0]).to.match(/^GET \/v1\/tenants: hasMore /);
  });

  it('leaves files alone (a PDF, a CSV) and answers of routes the table does not have are reported', () => {
    expect(answerDrift('GET', `/v1/invoices/${ID}/pdf`, { anything: true })).to.deep.equal([]);
    expect(answerDrift('GET', '/v1/nowhere', {})).to.deep.equal(['GET /v1/nowhere: no route-table row']);
  });
});
