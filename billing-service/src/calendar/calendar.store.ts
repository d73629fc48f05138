/**
 * The working-day calendar with the overrides staff loaded (SPEC §1), cached in memory and
 * reloaded whenever an override changes in this process (other replicas reload every minute).
 */
import type { Knex } from 'knex';
import { WorkingDayCalendar, type CalendarOverride, type Logger } from '@seatlease/shared';

export class CalendarStore {
  private calendar: WorkingDayCalendar | null = null;
  private loadedAt = 0;

  constructor(
    private readonly knex: Knex,
    private readonly log: Logger,
    private readonly maxAgeMs = 60_000,
  ) {}

  async get(): Promise<WorkingDayCalendar> {
    if (this.calendar && Date.now() - this.loadedAt < this.maxAgeMs) return this.calendar;
    const rows = await this.knex('calendar_overrides').select('year', 'holidays', 'workdays');
    const overrides: CalendarOverride[] = rows.map((r) => ({
      year: r.year as number,
      holidays: r.holidays as string[],
      workdays: r.workdays as string[],
    }));
    const warned = new Set<number>();
    this.calendar = new WorkingDayCalendar(overrides, (year) => {
      if (warned.has(year)) return;
      warned.add(year);
      this.log.warn({ year }, 'no official holiday calendar for this year: working days counted Monday–Friday (load it with PUT /v1/calendar/:year)');
    });
    this.loadedAt = Date.now();
    return this.calendar;
  }

  invalidate(): void {
    this.calendar = null;
  }

  async put(year: number, holidays: string[], workdays: string[]): Promise<void> {
    await this.knex('calendar_overrides')
      .insert({ year, holidays, workdays, updated_at: new Date() })
      .onConflict('year')
      .merge();
    this.invalidate();
  }

  async getYear(year: number) {
    const row = await this.knex('calendar_overrides').where({ year }).first();
    return row ? { year, holidays: row.holidays as string[], workdays: row.workdays as string[] } : null;
  }
}
