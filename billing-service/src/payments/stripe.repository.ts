/** Stripe's events and PaymentIntents as we know them (only repositories touch the database). */
import type { Db } from '../invoices/invoice.repository';

/** Intent statuses after which nothing Stripe sends later may change ours. */
const FINAL_STATUSES = ['succeeded', 'canceled'];

export const stripeEvents = {
  /** Records an event's id; answers false when it was recorded before (a redelivery). */
  recordOnce: async (db: Db, e: { id: string; type: string; created: number }): Promise<boolean> =>
    (await db('stripe_events').insert({ id: e.id, type: e.type, created: e.created }).onConflict('id').ignore().returning('id')).length > 0,
};

export const stripeIntents = {
  /** An intent we created for an invoice (a retried creation finds it there and changes nothing). */
  record: async (db: Db, i: { id: string; invoiceId: string; amountFen: number; status: string }): Promise<void> => {
    await db('stripe_payment_intents').insert({ id: i.id, invoice_id: i.invoiceId, amount_fen: i.amountFen, status: i.status }).onConflict('id').ignore();
  },
  /** Moves an intent's status forward; final statuses stay. */
  advanceStatus: async (db: Db, id: string, status: string): Promise<void> => {
    await db('stripe_payment_intents').where({ id }).whereNotIn('status', FINAL_STATUSES).update({ status });
  },
  /** The intent succeeded (recorded now if we did not create it). */
  markSucceeded: async (db: Db, i: { id: string; invoiceId: string; amountFen: number }): Promise<void> => {
    await db('stripe_payment_intents').insert({ id: i.id, invoice_id: i.invoiceId, amount_fen: i.amountFen, status: 'succeeded' }).onConflict('id').merge({ status: 'succeeded' });
  },
};
