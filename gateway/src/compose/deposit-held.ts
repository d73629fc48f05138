/**
 * Contract answers are composed at the door (decision 0062): contract-service answers what it
 * records about a contract, billing-service answers the money it holds, and the gateway puts
 * the deposit held beside the contract. So contract-service never calls billing to answer a
 * read, and the seam runs one way (billing reads contract facts, never the reverse).
 *
 * The composer is total: it never fails an answer the service gave. Billing unreachable, or an
 * answer that is not a contract, leaves `depositHeld: null` or the body as it came — as the
 * contract answers always did when billing could not say.
 */
import type { Logger } from '@seatlease/shared';
import type { CallContext, DepositLedger } from '../upstream/service.ports';

/** Where the contract objects sit in a route's answer (route table `compose`). */
export type ContractAnswerShape = 'contract' | 'page' | 'renewal';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The contract objects of an answer: those with a string `id`. */
export function contractsIn(answer: unknown, shape: ContractAnswerShape): Json[] {
  if (!isObject(answer)) return [];
  const found = shape === 'contract' ? [answer] : shape === 'renewal' ? [answer.contract] : Array.isArray(answer.data) ? answer.data : [];
  return found.filter((c): c is Json => isObject(c) && typeof c.id === 'string');
}

/** Puts each contract's deposit held (fen, or null when billing cannot say) into the answer. */
export async function composeDepositHeld(
  body: Buffer,
  shape: ContractAnswerShape,
  ledger: DepositLedger,
  ctx: CallContext,
  log: Logger,
): Promise<Buffer> {
  let answer: unknown;
  try {
    answer = JSON.parse(body.toString('utf8'));
  } catch {
    return body;
  }
  const contracts = contractsIn(answer, shape);
  if (contracts.length === 0) return body;
  let held: Map<string, number> | null = null;
  try {
    held = await ledger.depositsHeld(contracts.map((c) => c.id as string), ctx);
  } catch (err) {
    log.warn({ err, requestId: ctx.requestId }, 'billing-service could not say the deposits held; answering depositHeld null');
  }
  for (const c of contracts) c.depositHeld = held?.get(c.id as string) ?? null;
  return Buffer.from(JSON.stringify(answer), 'utf8');
}
