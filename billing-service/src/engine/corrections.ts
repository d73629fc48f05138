/**
 * SPEC §5 (2026-12-06): a record entered by mistake is voided, and the next bill corrects what it
 * had billed "with a line citing it". Recompute-and-reconcile already bills the correction (the
 * voided record is out of the facts, so its key owes less or nothing); this step names the voided
 * records behind each correcting line in its formula, so the line says why it is there.
 */
import type { InvoiceLine, VoidedRecordFact } from '@seatlease/shared/src/billing-facts';
import type { IsoDate } from '@seatlease/shared/src/dates';

const KIND_LABEL: Record<VoidedRecordFact['kind'], string> = {
  outage: '故障 / outage',
  force_majeure: '不可抗力 / force majeure',
  one_off: '一次性费用 / one-off',
  seat_order: '坐席订单 / seat order',
};

/** The voided records a line's key depends on. */
function recordsBehind(ref: string, voided: readonly VoidedRecordFact[]): VoidedRecordFact[] {
  const [family, rest] = [ref.slice(0, ref.indexOf(':') < 0 ? ref.length : ref.indexOf(':')), ref.slice(ref.indexOf(':') + 1)];
  const inMonth = (v: VoidedRecordFact, month: string) => v.fromMonth <= month && (v.toMonth === null || month <= v.toMonth);
  switch (family) {
    case 'outage':
      return voided.filter((v) => v.kind === 'outage' && inMonth(v, rest));
    case 'fm':
      return voided.filter((v) => v.kind === 'force_majeure' && inMonth(v, rest));
    case 'oneoff':
      return voided.filter((v) => v.kind === 'one_off' && v.id === rest);
    case 'rent':
      return voided.filter((v) => v.kind === 'seat_order' && inMonth(v, rest));
    case 'deposit':
      return voided.filter((v) => v.kind === 'seat_order');
    case 'penalty':
      return voided.filter((v) => v.kind === 'force_majeure');
    default:
      return [];
  }
}

/**
 * Appends to each line that corrects an earlier bill (its key was billed before) the voided
 * records behind it: `作废记录 / voided: 故障 / outage <id> (<reason>, <date>)`.
 */
export function citeVoided(lines: InvoiceLine[], voided: readonly VoidedRecordFact[] | undefined, billedRefs: ReadonlySet<string>, issuedOn: IsoDate): InvoiceLine[] {
  const known = (voided ?? []).filter((v) => v.voidedOn <= issuedOn);
  if (known.length === 0) return lines;
  return lines.map((line) => {
    if (!billedRefs.has(line.ref)) return line;
    const behind = recordsBehind(line.ref, known);
    if (behind.length === 0) return line;
    const cites = behind.map((v) => `${KIND_LABEL[v.kind]} ${v.id} (${v.reason}, ${v.voidedOn})`).join('; ');
    return { ...line, formula: `${line.formula}; 更正，作废记录 / corrects voided ${cites}` };
  });
}
