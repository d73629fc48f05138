/**
 * Contract answers composed at the door (decision 0062). contract-service answers what it
 * records about a contract; billing-service answers the money: the deposit it holds, the opening
 * bill of a signing, the corrections a void calls for after a final bill. The gateway puts them
 * together, so contract-service never calls billing and the seam runs one way (billing reads
 * contract facts through /internal routes, never the reverse).
 *
 * A composer is total: it never fails an answer the service gave. Billing unreachable, or an
 * answer that is not what the route's kind expects, leaves `depositHeld` / `openingInvoice` null
 * or the body as it came — as the contract answers always were when billing could not say.
 */
import type { Logger } from '@seatlease/shared';
import type { BillingForContracts, CallContext } from '../upstream/service.ports';

/**
 * What a route's answer needs from billing (route table `compose`):
 * - `contract` / `page` / `renewal`: the deposit held, on the answer itself / on each of `data` /
 *   on its `contract`;
 * - `signing`: the opening bill (issued by billing, idempotent) and then the deposit held;
 * - `void`: billing corrects after a final bill what the voided record had billed, for the
 *   answer's `contractId` or `contractIds`; the answer goes out as it came.
 */
export type ComposeKind = 'contract' | 'page' | 'renewal' | 'signing' | 'void';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The contract objects of an answer: those with a string `id`. */
function contractsIn(answer: unknown, kind: ComposeKind): Json[] {
  if (!isObject(answer)) return [];
  const found =
    kind === 'contract' || kind === 'signing' ? [answer]
    : kind === 'renewal' ? [answer.contract]
    : kind === 'page' && Array.isArray(answer.data) ? answer.data
    : [];
  return found.filter((c): c is Json => isObject(c) && typeof c.id === 'string');
}

/** The contracts a void touched: `contractId`, or `contractIds` (null for a claim on every contract: its next bills correct, decision 0017). */
function voidedContractsOf(answer: unknown): string[] {
  if (!isObject(answer)) return [];
  if (typeof answer.contractId === 'string') return [answer.contractId];
  return Array.isArray(answer.contractIds) ? answer.contractIds.filter((id): id is string => typeof id === 'string') : [];
}

export async function composeAnswer(body: Buffer, kind: ComposeKind, billing: BillingForContracts, ctx: CallContext, log: Logger): Promise<Buffer> {
  let answer: unknown;
  try {
    answer = JSON.parse(body.toString('utf8'));
  } catch {
    return body;
  }
  if (kind === 'void') {
    for (const contractId of voidedContractsOf(answer)) {
      // Best effort, as the void stands either way: asked again, billing corrects nothing
      // twice, so staff repeat the void (it answers the same) to retry.
      await billing.correctVoid(contractId, ctx).catch((err: unknown) =>
        log.warn({ err, contractId, requestId: ctx.requestId }, 'billing did not correct the void after the final bill; repeat the void to retry'),
      );
    }
    return body;
  }
  const contracts = contractsIn(answer, kind);
  if (contracts.length === 0) return body;
  if (kind === 'signing') {
    const signed = contracts[0]!;
    // Issuing the opening bill is idempotent: a keyed retry of a signing whose first answer was
    // lost gets the same invoice. Billing's one-minute tick issues it anyway if billing is down
    // now (decision 0040).
    if (signed.openingInvoice === undefined || signed.openingInvoice === null) {
      signed.openingInvoice = await billing.openingInvoice(signed.id as string, ctx).catch((err: unknown) => {
        log.warn({ err, contractId: signed.id, requestId: ctx.requestId }, 'billing did not issue the opening invoice; its scheduler will');
        return null;
      });
    }
  }
  let held: Map<string, number> | null = null;
  try {
    held = await billing.depositsHeld(contracts.map((c) => c.id as string), ctx);
  } catch (err) {
    log.warn({ err, requestId: ctx.requestId }, 'billing-service could not say the deposits held; answering depositHeld null');
  }
  for (const c of contracts) c.depositHeld = held?.get(c.id as string) ?? null;
  return Buffer.from(JSON.stringify(answer), 'utf8');
}
