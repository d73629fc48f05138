import { PARTS } from '../rules/catalogue';
import { formatTenths } from '../rules/points';
import type { Catalogue } from './catalogue.repository';

export function catalogueView(c: Catalogue) {
  return {
    version: c.version,
    effectiveFrom: c.effectiveFrom,
    note: c.note,
    parts: PARTS.map((p) => ({ part: p.part, title: p.title, clause: p.clause, maxTenths: p.maxTenths, max: formatTenths(p.maxTenths) })),
    items: [...c.items.values()].map((i) => ({ ...i, points: formatTenths(i.pointsTenths) })),
  };
}
