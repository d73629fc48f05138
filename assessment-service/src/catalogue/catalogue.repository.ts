import type { Month } from '@seatlease/shared';
import type { Db } from '../agents/agent.repository';
import type { CatalogueItem } from '../rules/catalogue';

export interface CatalogueVersionRow {
  version: number;
  effective_from: Month;
  note: string;
  created_at: Date;
}

interface ItemRow {
  version: number;
  code: string;
  position: number;
  part: CatalogueItem['part'];
  clause: string;
  title: string;
  points_tenths: number;
  unit: string;
  roles: CatalogueItem['roles'];
  halvable: boolean;
  source: CatalogueItem['source'];
}

export interface Catalogue {
  version: number;
  effectiveFrom: Month;
  note: string;
  items: Map<string, CatalogueItem>;
}

const toItem = (r: ItemRow): CatalogueItem => ({
  code: r.code,
  part: r.part,
  clause: r.clause,
  title: r.title,
  pointsTenths: r.points_tenths,
  unit: r.unit,
  roles: r.roles,
  halvable: r.halvable,
  source: r.source,
});

async function load(db: Db, v: CatalogueVersionRow): Promise<Catalogue> {
  const rows = (await db<ItemRow>('catalogue_items').where({ version: v.version }).orderBy('position')) as ItemRow[];
  return { version: v.version, effectiveFrom: v.effective_from, note: v.note, items: new Map(rows.map((r) => [r.code, toItem(r)])) };
}

export const catalogues = {
  /** The version in force for a month: the newest whose first month is not after it. */
  async forMonth(db: Db, month: Month): Promise<Catalogue> {
    const v = (await db<CatalogueVersionRow>('catalogue_versions').where('effective_from', '<=', month).orderBy('version', 'desc').first())!;
    return load(db, v);
  },
  async byVersion(db: Db, version: number): Promise<Catalogue> {
    const v = (await db<CatalogueVersionRow>('catalogue_versions').where({ version }).first())!;
    return load(db, v);
  },
  latest: (db: Db) => db<CatalogueVersionRow>('catalogue_versions').orderBy('version', 'desc').first(),
  async insertVersion(db: Db, v: CatalogueVersionRow, items: readonly CatalogueItem[]): Promise<void> {
    await db('catalogue_versions').insert(v);
    await db('catalogue_items').insert(
      items.map((i, position) => ({ version: v.version, code: i.code, position, part: i.part, clause: i.clause, title: i.title, points_tenths: i.pointsTenths, unit: i.unit, roles: i.roles, halvable: i.halvable, source: i.source })),
    );
  },
};
