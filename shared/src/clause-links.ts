/**
 * Where a bill line's clause is explained: `docs/clauses.md`, served by the gateway at
 * /docs/clauses (no token). Each clause has an anchor there, `§6.5` → `#s6-5`.
 */
export const CLAUSES_PATH = '/docs/clauses';

export function clauseAnchor(clause: string): string {
  const m = /^§([0-9A-Za-z.]+)$/.exec(clause.trim());
  return m ? `s${m[1]!.toLowerCase().replace(/\./g, '-')}` : 'none';
}

/** The page and anchor explaining a clause, e.g. `/docs/clauses#s6-5`. */
export function clauseUrl(clause: string): string {
  return `${CLAUSES_PATH}#${clauseAnchor(clause)}`;
}
