/** Call records voided (decision 0019), and what voiding one reads (only repositories touch the database). */
import type { Knex } from 'knex';
import type { Db } from '../invoices/invoice.repository';

export interface VoidedCallRow {
  id: string;
  contract_id: string;
  seat: string;
  started_at: Date;
  duration_seconds: number;
  call_type: string;
  month: string;
  voided_at: Date;
  voided_by: string;
  reason: string;
}

/** A call on file, as stored. */
type CallRow = Record<string, unknown> & { id: string; contract_id: string; month: string; call_type: string };

export const voidedCalls = {
  /** The lock call imports take: no import sees half of a void. Released at commit. */
  lockCalls: async (trx: Knex.Transaction) => {
    await trx.raw('lock table calls in share row exclusive mode');
  },
  call: (db: Db, id: string) => db('calls').where({ id }).first() as Promise<CallRow | undefined>,
  /** The last void of a call id (an id may be voided, imported again and voided again). */
  lastOf: (db: Db, id: string) => db<VoidedCallRow>('voided_calls').where({ id }).orderBy('seq', 'desc').first(),
  /** The number of the first invoice that billed a contract's line `ref`, if any. */
  firstBilledOn: async (db: Db, contractId: string, ref: string): Promise<string | null> => {
    const row = await db('invoice_lines as l').join('invoices as i', 'i.id', 'l.invoice_id').where({ 'l.contract_id': contractId, 'l.ref': ref }).orderBy('i.issued_on').first('i.number');
    return (row?.number as string | undefined) ?? null;
  },
  /** Moves a call from `calls` to `voided_calls` with who voided it, when and why; answers the voided row. */
  move: async (trx: Knex.Transaction, call: CallRow, v: { voidedAt: Date; voidedBy: string; reason: string }): Promise<VoidedCallRow> => {
    const [moved] = await trx('voided_calls').insert({ ...call, voided_at: v.voidedAt, voided_by: v.voidedBy, reason: v.reason }).returning('*');
    await trx('calls').where({ id: call.id }).delete();
    return moved as VoidedCallRow;
  },
};
