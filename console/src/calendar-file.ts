/**
 * The calendar loader's reading of what staff paste or upload (pure: no DOM, no API): the dates
 * of a pasted text, and a file's holidays and make-up working days — JSON {holidays, workdays},
 * or one date a line, a line marked workday / make-up / 上班 / 补班 being a working day (调休 alone says nothing: a 调休 day may be off or on).
 */
const DATE = /\d{4}-\d{2}-\d{2}/g;

/** The dates of a pasted text, in order. */
export function datesIn(text: string): string[] {
  return text.match(DATE) ?? [];
}

/** A file's text → holidays and workdays (JSON, or one date per line with an optional kind). */
export function readCalendarFile(text: string): { holidays: string[]; workdays: string[] } {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const json = JSON.parse(trimmed) as { holidays?: unknown; workdays?: unknown };
    const list = (v: unknown) => (Array.isArray(v) ? v.filter((d): d is string => typeof d === 'string') : []);
    return { holidays: list(json.holidays), workdays: list(json.workdays) };
  }
  const holidays: string[] = [];
  const workdays: string[] = [];
  for (const line of trimmed.split(/\r?\n/)) {
    const date = datesIn(line)[0];
    if (!date) continue;
    (/workday|make-?up|上班|补班/i.test(line) ? workdays : holidays).push(date);
  }
  return { holidays, workdays };
}

