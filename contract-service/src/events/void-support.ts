/**
 * SPEC §5 (2026-12-06): a record entered by mistake is voided with a reason — kept, audited,
 * never deleted — and the next bill corrects what it had billed. Voiding twice answers the
 * first void (the record as it was voided then), whatever reason the second call gives.
 */
import { parseWith, toShanghaiInstant, type Actor } from '@seatlease/shared';
import type { VoidMark } from '../contracts/contract.repository';
import { VoidRequest as voidBody } from '@seatlease/shared/src/api';
export { voidBody };

export function voidMark(actor: Actor, nowMs: number, reason: string): VoidMark {
  return { voided_at: new Date(nowMs), voided_by: actor.keyId, void_reason: reason };
}

export function parseVoid(body: unknown): { reason: string } {
  return parseWith(voidBody, body);
}

/** The void fields of a record's view: null while it is in force. */
export function voidView(r: { voided_at?: Date | null; voided_by?: string | null; void_reason?: string | null }) {
  return {
    voidedAt: r.voided_at ? toShanghaiInstant(r.voided_at) : null,
    voidedBy: r.voided_by ?? null,
    voidReason: r.void_reason ?? null,
  };
}
