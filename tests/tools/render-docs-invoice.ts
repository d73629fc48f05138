/**
 * Renders the bill (账单) pictured in the README and docs from a real run of the system (not a
 * hand-made sample): a contract walked through an add, a late opening, an outage and phone
 * calls, then its June invoice as PDF and PNG (needs `pdftoppm`, Debian's
 * poppler-utils).
 *
 *   npx tsx tests/tools/render-docs-invoice.ts [out-dir]      (default docs/images)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopTestServer } from '@seatlease/shared/test/support/testing';
import { ADMIN_TOKEN, startSystem } from '../src/system';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(outDir: string): Promise<void> {
  const sys = await startSystem('docs_invoice', {
    SEATLEASE_PARTY_A_NAME: '北京坐席云科技有限公司',
  });
  try {
    const ok = <T extends { status: number; text: string }>(r: T, what: string): T => {
      if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
      return r;
    };
    // Invoices are paid as they are issued, so dunning never suspends the contract (a suspended
    // contract earns no outage credit, §2.A2).
    const advance = async (iso: string) => {
      await sys.advanceTo(iso);
      const open = (await sys.api('GET', '/v1/invoices?status=open')).body.data as Array<{ id: string; tenantId: string; amountDue: number; number: string }>;
      for (const inv of open) {
        ok(await sys.api('POST', '/v1/payments', { tenantId: inv.tenantId, amount: inv.amountDue, method: 'bank_transfer', reference: `BANK-${inv.number}`, receivedOn: iso.slice(0, 10), invoiceId: inv.id }), 'pay');
      }
    };
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    const tenant = ok(await sys.api('POST', '/v1/tenants', { name: '上海鼎信客户服务外包有限公司', billingEmails: ['finance@dingxin.example'] }), 'tenant').body;
    ok(
      await sys.api('PUT', `/v1/tenants/${tenant.id}/invoicing-profile`, {
        title: '上海鼎信客户服务外包有限公司', taxId: '91350100M000100Y43', address: '上海市浦东新区张江路 88 号', phone: '021-5080 1234',
        bankName: '招商银行上海张江支行', bankAccount: '1219 0888 0010 001', fapiaoType: 'special',
      }),
      'invoicing profile',
    );
    const c = ok(await sys.api('POST', '/v1/contracts', { tenantId: tenant.id, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: 10, openingDate: '2027-03-15' }), 'contract').body;
    const initial = (await sys.api('GET', `/v1/contracts/${c.id}/seat-orders`)).body.data[0].id;
    await advance('2027-03-01T09:00:01+08:00');
    await advance('2027-03-15T10:00:00+08:00');
    ok(await sys.api('POST', `/v1/seat-orders/${initial}/open`, { openedOn: '2027-03-15' }), 'open');
    await advance('2027-04-14T10:00:00+08:00');
    const add = ok(await sys.api('POST', `/v1/contracts/${c.id}/seat-orders`, { kind: 'add', quantity: 2, effectiveDate: '2027-04-20' }), 'add').body;
    await advance('2027-04-22T10:00:00+08:00');
    ok(await sys.api('POST', `/v1/seat-orders/${add.id}/open`, { openedOn: '2027-04-22' }), 'open add');
    await advance('2027-04-28T10:00:00+08:00');
    ok(await sys.api('POST', `/v1/contracts/${c.id}/outages`, { startedAt: '2027-04-25T10:00:00+08:00', endedAt: '2027-04-27T11:00:00+08:00', seatsAffected: 4, cause: 'provider' }), 'outage');
    const calls = [];
    for (let i = 0; i < 40; i++) {
      calls.push({ id: `CDR-2027-04-${i}`, seat: `S${(i % 12) + 1}`, startedAt: `2027-04-${String(16 + (i % 10)).padStart(2, '0')}T10:${String(i % 60).padStart(2, '0')}:00+08:00`, durationSeconds: 30 + i * 37, callType: (['local', 'domestic', 'mobile'] as const)[i % 3], contractId: c.id });
    }
    ok(await sys.api('POST', `/v1/calls?contractId=${c.id}`, calls), 'calls');
    await advance('2027-04-30T10:00:00+08:00');
    // (A one-off charge would appear here too; it is left out so that the picture fits one page.)
    await sys.advanceTo('2027-05-10T09:00:00+08:00');
    const june = (await sys.api('GET', `/v1/invoices?contractId=${c.id}&period=2027-06`)).body.data[0];
    const pdf = await fetch(`${sys.gatewayUrl}/v1/invoices/${june.id}/pdf`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    mkdirSync(outDir, { recursive: true });
    const pdfPath = join(outDir, 'invoice-sample.pdf');
    writeFileSync(pdfPath, Buffer.from(await pdf.arrayBuffer()));
    execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', pdfPath, join(outDir, 'invoice-sample')]);
    process.stdout.write(`${june.number}: total ${june.total} fen → ${join(outDir, 'invoice-sample.png')}\n`);
  } finally {
    await sys.close();
    await stopTestServer();
  }
}

main(resolve(root, process.argv[2] ?? 'docs/images')).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
