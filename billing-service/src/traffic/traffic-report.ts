/**
 * The monthly traffic report (远端坐席管理办法 第十三条: 每月初，客服中心分析统计远端座席坐席代表的
 * 话务量数据): per seat, calls, billed minutes and seconds, by call type, the busiest hour of the
 * day, and the hours the seat was open by the shift log. Pure: rows in, report out.
 */
import type { Month } from '@seatlease/shared';
import { CALL_TYPES } from '../usage/call-record';
import type { TrafficHourRow, TrafficTypeRow } from './traffic.repository';

export interface TrafficCounts {
  calls: number;
  billedMinutes: number;
  seconds: number;
}

export interface BusiestHour {
  /** 0–23, Asia/Shanghai: the hour [hour:00, hour+1:00). */
  hour: number;
  calls: number;
}

export interface SeatTraffic extends TrafficCounts {
  seat: string;
  byCallType: Record<string, TrafficCounts>;
  busiestHour: BusiestHour | null;
  seatOpenSeconds: number;
  /** seatOpenSeconds / 3600, to two decimals (a figure to read, never to bill). */
  seatOpenHours: number;
}

export interface TrafficReport {
  contractId: string;
  tenantId: string;
  tenantName: string;
  period: Month;
  generatedAt: string;
  totals: Omit<SeatTraffic, 'seat'>;
  seats: SeatTraffic[];
}

const zero = (): TrafficCounts => ({ calls: 0, billedMinutes: 0, seconds: 0 });

function add(into: TrafficCounts, c: TrafficCounts): void {
  into.calls += c.calls;
  into.billedMinutes += c.billedMinutes;
  into.seconds += c.seconds;
}

/** The hour with the most calls; a tie goes to the earlier hour. */
export function busiest(hours: readonly { hour: number; calls: number }[]): BusiestHour | null {
  let best: BusiestHour | null = null;
  for (const h of hours) if (!best || h.calls > best.calls || (h.calls === best.calls && h.hour < best.hour)) best = { hour: h.hour, calls: h.calls };
  return best;
}

const hoursOf = (seconds: number) => Math.round((seconds / 3600) * 100) / 100;

export function buildTrafficReport(input: {
  contractId: string;
  tenantId: string;
  tenantName: string;
  period: Month;
  generatedAt: string;
  types: readonly TrafficTypeRow[];
  hours: readonly TrafficHourRow[];
  openSeconds: readonly { seat: string; seconds: number }[];
}): TrafficReport {
  const typesBySeat = new Map<string, TrafficTypeRow[]>();
  for (const t of input.types) typesBySeat.set(t.seat, [...(typesBySeat.get(t.seat) ?? []), t]);
  const hoursBySeat = new Map<string | null, TrafficHourRow[]>();
  for (const h of input.hours) {
    const list = hoursBySeat.get(h.seat);
    if (list) list.push(h);
    else hoursBySeat.set(h.seat, [h]);
  }
  const openBySeat = new Map(input.openSeconds.map((o) => [o.seat, o.seconds]));
  const seatNames = [...new Set([...typesBySeat.keys(), ...openBySeat.keys()])].sort();
  const seats: SeatTraffic[] = seatNames.map((seat) => {
    const counts = zero();
    const byCallType: Record<string, TrafficCounts> = Object.fromEntries(CALL_TYPES.map((t) => [t, zero()]));
    for (const t of typesBySeat.get(seat) ?? []) {
      byCallType[t.callType] ??= zero();
      add(byCallType[t.callType]!, t);
      add(counts, t);
    }
    const open = openBySeat.get(seat) ?? 0;
    return { seat, ...counts, byCallType, busiestHour: busiest(hoursBySeat.get(seat) ?? []), seatOpenSeconds: open, seatOpenHours: hoursOf(open) };
  });
  const totals = { ...zero(), byCallType: Object.fromEntries(CALL_TYPES.map((t) => [t, zero()])) as Record<string, TrafficCounts>, busiestHour: busiest(hoursBySeat.get(null) ?? []), seatOpenSeconds: 0, seatOpenHours: 0 };
  for (const s of seats) {
    add(totals, s);
    for (const [type, c] of Object.entries(s.byCallType)) add((totals.byCallType[type] ??= zero()), c);
    totals.seatOpenSeconds += s.seatOpenSeconds;
  }
  totals.seatOpenHours = hoursOf(totals.seatOpenSeconds);
  return { contractId: input.contractId, tenantId: input.tenantId, tenantName: input.tenantName, period: input.period, generatedAt: input.generatedAt, totals, seats };
}

/** The report as CSV rows: one per seat, then the contract's totals. */
export function trafficCsvRows(r: TrafficReport): Array<Record<string, string | number>> {
  const row = (seat: string, s: Omit<SeatTraffic, 'seat'>) => {
    const out: Record<string, string | number> = { period: r.period, contract_id: r.contractId, seat, calls: s.calls, billed_minutes: s.billedMinutes, seconds: s.seconds };
    for (const type of CALL_TYPES) {
      out[`${type}_calls`] = s.byCallType[type]?.calls ?? 0;
      out[`${type}_billed_minutes`] = s.byCallType[type]?.billedMinutes ?? 0;
      out[`${type}_seconds`] = s.byCallType[type]?.seconds ?? 0;
    }
    out.busiest_hour = s.busiestHour ? `${String(s.busiestHour.hour).padStart(2, '0')}:00` : '';
    out.busiest_hour_calls = s.busiestHour?.calls ?? 0;
    out.seat_open_hours = s.seatOpenHours.toFixed(2);
    return out;
  };
  return [...r.seats.map((s) => row(s.seat, s)), row('合计 total', r.totals)];
}
