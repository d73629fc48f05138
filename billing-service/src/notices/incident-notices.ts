/**
 * Notices contract-service owes tenants for an incident (decision 0046): it posts each one here
 * once the incident change has committed, and again until this answers 2xx. The notice key is
 * claimed under a unique constraint in the same transaction as the mail is queued, so however
 * often a notice arrives, and from however many replicas, it is mailed once.
 */
import { parseWith, shanghaiDate, text, uuid, z } from '@seatlease/shared';
import { claimNotice, queueMail } from '../mail/outbox.repository';
import { majorFaultWarningMail, serviceRestoredMail } from '../mail/templates';
import type { Caller, Deps } from '../deps';

const noticeBody = z
  .object({
    key: z.string().min(1).max(300),
    kind: z.enum(['major_fault_warning', 'service_restored']),
    tenantId: uuid(),
    owedAt: z.string().datetime({ offset: true }),
    tenantName: text(500),
    recipients: z.array(z.string().email()).max(50),
    incident: z.object({
      id: uuid(),
      startedAt: z.string().datetime({ offset: true }),
      endedAt: z.string().datetime({ offset: true }).nullable(),
      cause: z.enum(['provider', 'tenant', 'maintenance']),
      description: text(1000),
      contracts: z.array(z.object({ contractId: uuid(), seatsAffected: z.number().int().min(1) })).min(1).max(10_000),
    }),
  })
  .strict();

export async function acceptIncidentNotice(deps: Deps, caller: Caller, body: unknown): Promise<{ key: string; queued: boolean }> {
  const n = parseWith(noticeBody, body);
  const nowMs = caller.clock.nowMs();
  const queued = await deps.knex.transaction(async (trx) => {
    if (!(await claimNotice(trx, { key: n.key, kind: n.kind, onDate: shanghaiDate(Date.parse(n.owedAt)) }))) return false;
    const mail = n.kind === 'major_fault_warning' ? majorFaultWarningMail(n, n.recipients) : serviceRestoredMail(n, n.recipients);
    await queueMail(trx, { ...mail, noticeKey: n.key }, nowMs);
    return true;
  });
  if (queued) deps.wakeMailer();
  return { key: n.key, queued };
}
