/**
 * The billing engine's entry point (STYLE habit 1): (facts, usage, alreadyBilled, period, kind,
 * issuedOn, credit balance) → invoice lines. Pure: no I/O, no clock, no logger.
 */
import { assert } from '@seatlease/shared/src/assert';
import { LINE_CODES, type InvoiceLine } from '@seatlease/shared/src/billing-facts';
import { assertFen, formatYuan } from '@seatlease/shared/src/money';
import { isIsoDate, isMonth } from '@seatlease/shared/src/dates';
import { buildContext } from './context';
import { citeVoided } from './corrections';
import { creditItems } from './credits.rule';
import { damagesItems } from './damages.rule';
import { depositItem } from './deposit.rule';
import { oneOffItems } from './one-off.rule';
import { penaltyItems } from './penalty.rule';
import { phoneItems } from './phone.rule';
import { billedByRef, reconcile } from './reconcile';
import { rentItems } from './rent.rule';
import { finalSettlement, sumLines, taxSplit } from './settlement';
import type { EngineInput, FinalSettlement, InvoiceComputation, OwedItem } from './types';

function validate(input: EngineInput): void {
  const { facts } = input;
  assert(isMonth(input.period), `period must be YYYY-MM, got ${input.period}`);
  assert(isIsoDate(input.issuedOn), `issuedOn must be YYYY-MM-DD, got ${input.issuedOn}`);
  assert(['opening', 'monthly', 'final', 'supplementary'].includes(input.kind), `unknown invoice kind ${input.kind}`);
  assertFen(input.creditBalanceFen, 'credit balance');
  assert(input.creditBalanceFen >= 0, 'the credit balance is never negative');
  assert(isMonth(facts.startMonth), `startMonth must be YYYY-MM, got ${facts.startMonth}`);
  assert(isIsoDate(facts.endDate), `endDate must be YYYY-MM-DD, got ${facts.endDate}`);
  for (const line of input.alreadyBilled) {
    assert((LINE_CODES as readonly string[]).includes(line.code), `billed line has unknown code ${line.code}`);
  }
}

export function computeInvoice(input: EngineInput): InvoiceComputation {
  validate(input);
  const ctx = buildContext(input);
  const isFinal = input.kind === 'final';

  const owed: OwedItem[] = [];
  if (input.kind === 'supplementary') {
    // After the final invoice only calls that arrived late are still owed (decision 0042): the
    // contract's rent, deposit, credits and damages were settled by the final invoice.
    owed.push(...phoneItems(ctx));
  } else {
    const deposit = depositItem(ctx);
    if (deposit) owed.push(deposit);
    owed.push(...rentItems(ctx), ...creditItems(ctx), ...penaltyItems(ctx), ...phoneItems(ctx));
    owed.push(...oneOffItems(ctx), ...damagesItems(ctx));
  }

  // On a final invoice the deposit is not reconciled against a target: it settles the balance.
  // A supplementary invoice reconciles the calls only: every other key was settled for good by
  // the final invoice, and must not read as "no longer owed".
  const billed = input.kind === 'supplementary' ? input.alreadyBilled.filter((l) => l.ref.startsWith('phone:')) : input.alreadyBilled;
  // SPEC §5: a line that corrects what a voided record had billed cites that record.
  const billedRefs = new Set(billedByRef(billed).keys());
  const lines = citeVoided(reconcile(owed, billed, { skipRefs: new Set(isFinal ? ['deposit'] : []) }), input.facts.voided, billedRefs, input.issuedOn);

  let depositSettlement: FinalSettlement | null = null;
  if (isFinal) {
    const held = billedByRef(input.alreadyBilled).get('deposit')?.amountFen ?? 0;
    depositSettlement = finalSettlement(held, sumLines(lines));
    if (depositSettlement.settledFen > 0) {
      const amountFen = -depositSettlement.settledFen;
      lines.push({
        code: 'deposit_settlement',
        description: '押金结算 / Deposit settlement',
        quantity: 1,
        unitAmountFen: amountFen,
        amountFen,
        period: input.period,
        clause: '§2.A6',
        formula: `min(押金 / deposit ${formatYuan(held)}, 本单应付 / due ${formatYuan(sumLines(lines))})`,
        // Same key as the deposit lines: what it settles leaves the deposit held, so a re-run
        // sees only the remainder (the refund) and the zero balance, and settles nothing more.
        ref: 'deposit',
      });
    }
  }

  // SPEC §5: a negative invoice becomes tenant credit; a positive one uses earlier credit.
  const subtotalFen = sumLines(lines);
  let creditCarriedForwardFen = 0;
  let creditAppliedFen = 0;
  const creditRef = `credit:${input.period}:${input.kind}`;
  if (subtotalFen < 0) {
    creditCarriedForwardFen = -subtotalFen;
    lines.push({
      code: 'credit_carried',
      description: '结转为账户余额 / Credit carried forward to balance',
      quantity: 1,
      unitAmountFen: creditCarriedForwardFen,
      amountFen: creditCarriedForwardFen,
      period: input.period,
      clause: '§6.2',
      formula: `−(本单小计 / subtotal ${formatYuan(subtotalFen)})`,
      ref: creditRef,
    });
  } else if (subtotalFen > 0 && input.creditBalanceFen > 0) {
    creditAppliedFen = Math.min(input.creditBalanceFen, subtotalFen);
    lines.push({
      code: 'credit_carried',
      description: '使用账户余额 / Credit balance applied',
      quantity: 1,
      unitAmountFen: -creditAppliedFen,
      amountFen: -creditAppliedFen,
      period: input.period,
      clause: '§6.2',
      formula: `min(余额 / balance ${formatYuan(input.creditBalanceFen)}, 本单小计 / subtotal ${formatYuan(subtotalFen)})`,
      ref: creditRef,
    });
  }

  const totalFen = sumLines(lines);
  assert(totalFen >= 0, 'an invoice total is never negative (credit is carried instead)');
  assert(creditAppliedFen === 0 || creditCarriedForwardFen === 0, 'credit is either carried or applied');
  for (const line of lines) {
    assertFen(line.amountFen, `line ${line.ref}`);
    assertFen(line.unitAmountFen, `unit amount of ${line.ref}`);
    assert(line.amountFen !== 0, `line ${line.ref} is zero`);
    assert(Number.isSafeInteger(line.quantity) && line.quantity >= 0, `line ${line.ref}: bad quantity ${line.quantity}`);
  }
  // SPEC §2: VAT on the taxable lines only; the deposit and credit moved carry none.
  const split = taxSplit(lines, input.facts.vatRateBp);
  assert(split.taxableFen + split.depositFen + split.creditCarriedFen === totalFen, 'the tax split adds up to the total');
  return {
    lines,
    totalFen,
    vatFen: split.vatFen,
    taxableFen: split.taxableFen,
    depositFen: split.depositFen,
    creditCarriedForwardFen,
    creditAppliedFen,
    depositSettlement,
  };
}

/** The lines of one invoice (see computeInvoice for totals, VAT, credit and deposit refund). */
export function computeInvoiceLines(input: EngineInput): InvoiceLine[] {
  return computeInvoice(input).lines;
}
