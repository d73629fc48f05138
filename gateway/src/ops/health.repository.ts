/** The gateway database's liveness, for /readyz. */
import type { Knex } from 'knex';

export class HealthRepository {
  constructor(private readonly knex: Knex) {}

  /** True when `select 1` answers within `timeoutMs` (waiting for a pool connection included). */
  async ping(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const query = this.knex
      .raw('select 1')
      .then(() => true)
      .catch(() => false);
    try {
      return await Promise.race([query, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
