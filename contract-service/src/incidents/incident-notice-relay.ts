/**
 * Relays the notices incidents owe tenants to billing-service, whose outbox mails them
 * (decision 0046). The notice row is written in the same transaction as the incident change
 * that owes it; this relay posts it to billing's `/internal/notices` afterwards — at once when
 * woken, and again on a timer for anything billing did not take (down, timed out). Billing
 * claims each notice key under a unique constraint, so a row relayed twice (a replica that died
 * after posting, two replicas racing) is mailed once. The seam is one way: contract-service
 * pushes, billing never calls back for it.
 */
import type { Knex } from 'knex';
import type { Logger, ServiceClient } from '@seatlease/shared';
import { incidentNotices, type IncidentNoticeRow } from './incident.repository';

/** Rows relayed per pass and the longest wait between retries (a limit on everything). */
const BATCH = 50;
const MAX_BACKOFF_MS = 10 * 60_000;

export class IncidentNoticeRelay {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private again = false;
  private busy = false;
  private stopped = false;

  constructor(
    private readonly knex: Knex,
    private readonly billing: ServiceClient | null,
    private readonly log: Logger,
    private readonly intervalMs = 5_000,
  ) {}

  start(): void {
    if (!this.billing) return;
    this.timer = setInterval(() => this.wake(), this.intervalMs);
    this.timer.unref();
    this.wake();
  }

  /** Relays what is due now; a wake during a pass runs one more pass after it. */
  wake(): void {
    if (!this.billing || this.stopped) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while ((await this.relayDue()) === BATCH);
        } while (this.again && !this.stopped);
      } catch (err) {
        this.log.error({ err }, 'incident notice relay pass failed; the next pass retries');
      } finally {
        this.busy = false;
      }
    })();
  }

  /** One pass: answers how many rows it took (relayed or put back with a later attempt). */
  async relayDue(): Promise<number> {
    const billing = this.billing;
    if (!billing) return 0;
    return this.knex.transaction(async (trx) => {
      const rows = (await incidentNotices.claimDue(trx, new Date(), BATCH)) as IncidentNoticeRow[];
      for (const row of rows) {
        try {
          const res = await billing.call('POST', '/internal/notices', { key: row.key, kind: row.kind, tenantId: row.tenant_id, ...row.payload }, { nowMs: Date.parse(row.payload.owedAt) });
          if (res.status >= 200 && res.status < 300) {
            await incidentNotices.markRelayed(trx, row.key, new Date());
            continue;
          }
          await this.failed(trx, row, `billing answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
        } catch (err) {
          await this.failed(trx, row, (err as Error).message);
        }
      }
      return rows.length;
    });
  }

  private async failed(trx: Knex.Transaction, row: IncidentNoticeRow, error: string): Promise<void> {
    const backoffMs = Math.min(1000 * 2 ** row.attempts, MAX_BACKOFF_MS);
    this.log.warn({ key: row.key, attempts: row.attempts + 1, error }, 'incident notice not taken by billing; retrying later');
    await incidentNotices.markFailed(trx, row.key, error, new Date(Date.now() + backoffMs));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
