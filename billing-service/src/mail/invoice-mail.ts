/**
 * The `invoice_issued` mail's subject and text, written from its invoice when the mail is sent
 * (decision 0091): a bill never changes once issued, so the text is the one it would have had
 * when queued, and a billing run writes no mail text per bill.
 */
import type { Knex } from 'knex';
import { invoices } from '../invoices/invoice.repository';
import { invoiceIssuedMail } from './templates';

export async function writeInvoiceIssuedMail(db: Knex, invoiceId: string): Promise<{ subject: string; text: string } | null> {
  const inv = await invoices.get(db, invoiceId);
  if (!inv) return null;
  const mail = invoiceIssuedMail(
    { id: inv.id, number: inv.number, tenantName: inv.tenant_name, period: inv.period, kind: inv.kind, totalFen: inv.total_fen, dueDate: inv.due_date },
    inv.billing_emails,
  );
  return { subject: mail.subject, text: mail.bodyText };
}
