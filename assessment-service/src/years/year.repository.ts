import type { Db } from '../agents/agent.repository';
import { DEFAULT_BANDS, type YearBands } from '../rules/year';

export interface YearEndRow {
  id: string;
  tenant_id: string;
  agent_id: string;
  year: number;
  score_tenths: number;
  note: string | null;
  recorded_by: string;
  created_at: Date;
}

export const yearEnds = {
  get: (db: Db, id: string) => db<YearEndRow>('year_end_evaluations').where({ id }).first(),
  of: (db: Db, agentId: string, year: number) => db<YearEndRow>('year_end_evaluations').where({ agent_id: agentId, year }).first(),
  insert: (db: Db, row: YearEndRow) => db('year_end_evaluations').insert(row),
};

export const settings = {
  async bandsOf(db: Db, tenantId: string): Promise<YearBands> {
    const r = await db('tenant_settings').where({ tenant_id: tenantId }).first();
    return r ? { excellentFromTenths: r.excellent_from_tenths, failBelowTenths: r.fail_below_tenths, yearEndWeightPercent: r.year_end_weight_percent } : DEFAULT_BANDS;
  },
  /** Where the month's publication is mailed for the tenant's supervisors (none: not mailed). */
  async supervisorEmailsOf(db: Db, tenantId: string): Promise<string[]> {
    const r = await db('tenant_settings').where({ tenant_id: tenantId }).first('supervisor_emails');
    return (r?.supervisor_emails as string[] | undefined) ?? [];
  },
  /** `supervisorEmails` undefined keeps the addresses already set. */
  put: (db: Db, tenantId: string, b: YearBands & { supervisorEmails?: string[] | undefined }, at: Date) => {
    const row = { tenant_id: tenantId, excellent_from_tenths: b.excellentFromTenths, fail_below_tenths: b.failBelowTenths, year_end_weight_percent: b.yearEndWeightPercent, updated_at: at };
    const q = db('tenant_settings').insert(b.supervisorEmails === undefined ? row : { ...row, supervisor_emails: b.supervisorEmails }).onConflict('tenant_id');
    return b.supervisorEmails === undefined ? q.merge(['excellent_from_tenths', 'fail_below_tenths', 'year_end_weight_percent', 'updated_at']) : q.merge();
  },
};
