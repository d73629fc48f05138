/**
 * How the console writes money and dates: ¥1,234.56 from integer fen by string arithmetic
 * (never a float), dates as the API gives them (2027-03-16), instants in Asia/Shanghai.
 */

/** ¥1,234.56 (and -¥12.50 for credits) from an integer amount in fen. */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new Error(`not an amount in fen: ${fen}`);
  const digits = String(Math.abs(fen)).padStart(3, '0');
  const yuan = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${fen < 0 ? '-' : ''}¥${yuan}.${digits.slice(-2)}`;
}

/**
 * An amount typed by a person (1234.5, 1,234.56, ¥1234) → integer fen, or null when it is not
 * one. No float is involved: the yuan and fen digits are read as strings.
 */
export function parseYuan(text: string): number | null {
  const m = /^(-)?¥?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const fen = Number(m[2]!.replaceAll(',', '')) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) return null;
  return m[1] ? -fen : fen;
}

const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(instant: string | number | Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of SHANGHAI.formatToParts(new Date(instant))) out[p.type] = p.value;
  return out;
}

/** 2027-03-16 (the calendar date in Asia/Shanghai). */
export function dateOf(instant: string | number | Date): string {
  const p = parts(instant);
  return `${p.year}-${p.month}-${p.day}`;
}

/** 2027-03-16 09:30 (Asia/Shanghai). */
export function formatInstant(instant: string | number | Date): string {
  const p = parts(instant);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** A `datetime-local` value (read as Asia/Shanghai wall time) → ISO 8601 with +08:00. */
export function shanghaiInstant(local: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) ? `${local}:00+08:00` : local;
}

/** Calendar arithmetic on YYYY-MM-DD strings (UTC noon: no DST, no time zone). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function monthOf(date: string): string {
  return date.slice(0, 7);
}
