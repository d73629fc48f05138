/**
 * A new catalogue version (staff): the items' points as the centre changes them, from a first
 * month on. Months already scored keep the version they were scored with (the scorecard stores
 * its lines), and a version may not start in or before a month any tenant has published: a
 * changed catalogue never rewrites a published month.
 */
import { compareDates, conflict, parseWith, ruleBroken, today as todayOf, exactlyOnce } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { catalogues } from './catalogue.repository';
import { catalogueView } from './catalogue-view';
import { publications } from '../scorecards/scorecard.repository';
import { CatalogueVersionCreate as body } from '@seatlease/shared/src/api';

export async function createCatalogueVersion(deps: Deps, caller: Caller, input: unknown) {
  const b = parseWith(body, input);
  if (compareDates(`${b.effectiveFrom}-01`, `${todayOf(caller.clock).slice(0, 7)}-01`) < 0) {
    throw ruleBroken('effectiveFrom', 'a new catalogue starts this month or later, never in the past');
  }
  return exactlyOnce(deps.knex, caller.once, async (trx) => {
    await trx.raw('lock table catalogue_versions in exclusive mode');
    const latest = (await catalogues.latest(trx))!;
    if (b.effectiveFrom <= latest.effective_from) throw ruleBroken('effectiveFrom', `must be after ${latest.effective_from}, the start of version ${latest.version}`);
    const published = await publications.latestMonth(trx);
    if (published && b.effectiveFrom <= published) throw conflict(`month ${published} is already published; a new catalogue may start from ${published} + 1 month`);
    const base = await catalogues.forMonth(trx, b.effectiveFrom);
    const items = new Map([...base.items].map(([k, v]) => [k, { ...v }]));
    b.changes.forEach((c, i) => {
      const item = items.get(c.code);
      if (!item) throw ruleBroken(`changes[${i}].code`, `no item ${c.code} in the catalogue`);
      if (c.pointsTenths === 0 || Math.sign(c.pointsTenths) !== Math.sign(item.pointsTenths)) {
        throw ruleBroken(`changes[${i}].pointsTenths`, `${item.code} is a ${item.pointsTenths < 0 ? 'deduction (negative)' : 'bonus (positive)'} and stays one`);
      }
      if (item.halvable && c.pointsTenths % 2 !== 0) throw ruleBroken(`changes[${i}].pointsTenths`, 'a halvable item needs an even number of tenths (its half is whole tenths)');
      item.pointsTenths = c.pointsTenths;
    });
    const version = latest.version + 1;
    await catalogues.insertVersion(trx, { version, effective_from: b.effectiveFrom, note: b.note, created_at: new Date(caller.clock.nowMs()) }, [...items.values()]);
    return catalogueView(await catalogues.byVersion(trx, version));
  });
}
