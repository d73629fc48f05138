/**
 * Input and output shapes of the pure billing engine (STYLE habit 1: functions over plain data).
 */
import type { BillingFacts, CallUsage, InvoiceKind, InvoiceLine, LineCode } from '@seatlease/shared/src/billing-facts';
import type { Fen } from '@seatlease/shared/src/money';
import type { IsoDate, Month } from '@seatlease/shared/src/dates';

export interface EngineInput {
  facts: BillingFacts;
  /** Rated phone usage per month and call type (minutes already ceil'd per call, SPEC §7). */
  usage: CallUsage[];
  /** Every line of earlier invoices of this contract (credit_carried lines are ignored). */
  alreadyBilled: InvoiceLine[];
  /** The invoice's period. */
  period: Month;
  kind: InvoiceKind;
  /** The invoice's issue date: the only "today" the engine knows (no clock inside). */
  issuedOn: IsoDate;
  /** Tenant credit carried from earlier invoices (>= 0), available to apply (SPEC §5). */
  creditBalanceFen: Fen;
}

/** Everything billing-service needs to persist one invoice. */
export interface InvoiceComputation {
  lines: InvoiceLine[];
  /** Sum of `lines` (>= 0: a negative subtotal is moved to the credit balance). */
  totalFen: Fen;
  /** VAT part of the taxable lines (SPEC §2: revenue only, never the deposit or credit moved). */
  vatFen: Fen;
  /** Sum of the taxable lines (everything but deposit lines and credit_carried), VAT included. */
  taxableFen: Fen;
  /** Sum of the deposit lines (deposit, top-up, release, settlement): held money, no VAT. */
  depositFen: Fen;
  /** Tenant credit created by this invoice (its `credit_carried` line when positive), else 0. */
  creditCarriedForwardFen: Fen;
  /** Earlier tenant credit consumed by this invoice (minus its negative `credit_carried` line), else 0. */
  creditAppliedFen: Fen;
  /** Final invoices only (else null): how the deposit held was used (SPEC §4). */
  depositSettlement: FinalSettlement | null;
}

export interface FinalSettlement {
  /** Deposit held before this invoice: the sum of all billed lines with ref `deposit`. */
  depositHeldFen: Fen;
  /** Part of the deposit that pays this invoice (its `deposit_settlement` line is −settledFen). */
  settledFen: Fen;
  /** The remainder, which billing-service records as a refund (status `pending`), not a line. */
  refundFen: Fen;
}

/**
 * What the contract owes under one reconciliation key, computed from the facts alone. The
 * reconciler subtracts what was already billed under `ref` and emits the difference.
 */
export interface OwedItem {
  ref: string;
  /** Sort order on the invoice (see RANK). */
  rank: number;
  period: Month;
  /** Exact amount rounded once, half-up (SPEC §1). Charges positive, credits negative. */
  amountFen: Fen;
  /** Natural quantity (seats, minutes, days); sign follows the amount's. */
  quantity: number;
  unitAmountFen: Fen;
  /** The computation with its numbers, as a magnitude (credits are shown without sign). */
  formula: string;
  clause: string;
  /** Clause for a negative difference when it differs (rent §6.4 → return_adjustment §6.5). */
  clauseDown?: string;
  /** Code for a positive difference and for a negative one (rent → return_adjustment, …). */
  codeUp: LineCode;
  codeDown: LineCode;
  /** Fixed description; when absent, the code's label is used. */
  description?: string;
}

/** Invoice order of the line families. */
export const RANK = {
  deposit: 0,
  rent: 1,
  outage: 2,
  forceMajeure: 3,
  penalty: 4,
  phone: 5,
  oneOff: 6,
  damages: 7,
  settlement: 8,
  credit: 9,
  unknown: 10,
} as const;
