/**
 * SeatLease billing engine: pure functions from BillingFacts to invoice lines (STYLE habit 1).
 * See compute-invoice.ts for the flow and each *.rule.ts for the contract clause it implements.
 */
export { computeInvoice, computeInvoiceLines } from './compute-invoice';
export { creditNoteTax, finalSettlement, isTaxable, sumLines, taxSplit, vatPart, type TaxSplit } from './settlement';
export { monthlyFeeFen } from './prices';
export type { EngineInput, FinalSettlement, InvoiceComputation } from './types';
