/**
 * The shift table of the seat log (坐席员管理办法 二.1: 上班 8:00—12:00, 中班 12:00—14:30,
 * 下班 14:30—18:00, 晚班 18:00—08:00). Pure: minutes of the Asia/Shanghai day (UTC+8, no DST).
 * The shifts must tile the day exactly; at most one crosses midnight, and its date is the date
 * it started (the night of 6 March runs 6 March 18:00 to 7 March 08:00).
 */
import { addDays, shanghaiDate, type IsoDate } from './dates';

export interface Shift {
  name: string;
  /** Minutes after Shanghai midnight. */
  startMinute: number;
  /** Minutes after Shanghai midnight; less than `startMinute` when the shift crosses midnight. */
  endMinute: number;
}

export type ShiftTable = readonly Shift[];

export const DEFAULT_SHIFTS = 'morning=08:00-12:00,midday=12:00-14:30,afternoon=14:30-18:00,night=18:00-08:00';

const SHANGHAI_OFFSET_MINUTES = 8 * 60;
const DAY_MINUTES = 24 * 60;

function minuteOf(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new Error(`"${hhmm}" is not a time HH:MM`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Parses `name=HH:MM-HH:MM,…`; throws a sentence naming what is wrong. */
export function parseShifts(spec: string): ShiftTable {
  const shifts = spec.split(',').map((part) => {
    const m = /^\s*([a-z][a-z0-9_-]{0,30})=(\d\d:\d\d)-(\d\d:\d\d)\s*$/.exec(part);
    if (!m) throw new Error(`"${part}" is not name=HH:MM-HH:MM`);
    const shift = { name: m[1]!, startMinute: minuteOf(m[2]!), endMinute: minuteOf(m[3]!) };
    if (shift.startMinute === shift.endMinute) throw new Error(`shift ${shift.name} is empty`);
    return shift;
  });
  if (new Set(shifts.map((s) => s.name)).size !== shifts.length) throw new Error('two shifts have the same name');
  const total = shifts.reduce((sum, s) => sum + ((s.endMinute - s.startMinute + DAY_MINUTES) % DAY_MINUTES), 0);
  if (total !== DAY_MINUTES) throw new Error(`the shifts cover ${total} minutes of the day, not 1440`);
  for (let i = 0; i < shifts.length; i++) {
    const next = shifts[(i + 1) % shifts.length]!;
    if (shifts[i]!.endMinute !== next.startMinute) throw new Error(`shift ${shifts[i]!.name} ends where ${next.name} does not start: list them in order, each starting where the last ends`);
  }
  return shifts;
}

function shanghaiMinute(ms: number): number {
  return (((Math.floor(ms / 60_000) + SHANGHAI_OFFSET_MINUTES) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
}

function covers(s: Shift, minute: number): boolean {
  return s.startMinute < s.endMinute ? minute >= s.startMinute && minute < s.endMinute : minute >= s.startMinute || minute < s.endMinute;
}

/** The shift on duty at an instant, with the Shanghai date it started on. */
export function shiftAt(table: ShiftTable, ms: number): { shift: Shift; shiftDate: IsoDate; next: Shift } {
  const minute = shanghaiMinute(ms);
  const i = table.findIndex((s) => covers(s, minute));
  const shift = table[i]!;
  const date = shanghaiDate(ms);
  const crossedMidnight = shift.startMinute > shift.endMinute && minute < shift.endMinute;
  return { shift, shiftDate: crossedMidnight ? addDays(date, -1) : date, next: table[(i + 1) % table.length]! };
}

/**
 * The shift change nearest an instant: the boundary (as epoch ms) and the shifts on either side.
 * A handover is recorded against it (三.5: nobody hands over early or late without reason).
 */
export function nearestShiftChange(table: ShiftTable, ms: number): { atMs: number; from: Shift; to: Shift; fromDate: IsoDate; minutesOff: number } {
  const minute = shanghaiMinute(ms);
  const dayStartMs = Math.floor(ms / 60_000) * 60_000 - minute * 60_000;
  let best: { atMs: number; from: Shift; to: Shift; fromDate: IsoDate; minutesOff: number } | null = null;
  for (let i = 0; i < table.length; i++) {
    const to = table[i]!;
    const from = table[(i - 1 + table.length) % table.length]!;
    for (const dayShift of [-1, 0, 1]) {
      const atMs = dayStartMs + (dayShift * DAY_MINUTES + to.startMinute) * 60_000;
      const off = Math.round((ms - atMs) / 60_000);
      if (!best || Math.abs(off) < Math.abs(best.minutesOff)) {
        best = { atMs, from, to, fromDate: shiftAt(table, atMs - 60_000).shiftDate, minutesOff: off };
      }
    }
  }
  return best!;
}
