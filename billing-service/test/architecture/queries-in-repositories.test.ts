/**
 * STYLE habit 8: only repositories touch the database. A query builder or raw SQL on a knex
 * handle (`knex('…')`, `trx('…')`, `db('…')`, `….raw(…)`) belongs in a `*.repository.ts`
 * file (or a migration); use cases and handlers call repositories. The files below still hold
 * queries of their own and are not to be joined by others.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');

/** Not repositories by name, yet: each holds queries of its own. */
const STILL_INLINE = new Set([
  'calendar/calendar.store.ts', // the working-day calendar's store and its cache
  'fapiao/record-issued-fapiao.ts',
  'payments/record-bank-transfer.ts',
]);

const QUERY = /\b(?:knex|trx|db)(?:<[^>]*>)?\(\s*['`]|\b(?:knex|trx|db)\.raw\(/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('architecture: billing queries live in repositories', () => {
  it('no use case, handler or job outside *.repository.ts builds a query', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const rel = relative(SRC, file).split('\\').join('/');
      if (rel.endsWith('.repository.ts') || rel.startsWith('migrations/') || STILL_INLINE.has(rel)) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (QUERY.test(line)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders, 'queries outside repositories').to.deep.equal([]);
  });

  it('the check finds a query where there is one', () => {
    expect(QUERY.test(`  const row = await deps.knex('invoices').where({ id }).first();`)).to.equal(true);
    expect(QUERY.test(`    await trx.raw('select 1');`)).to.equal(true);
    expect(QUERY.test(`  await invoices.get(deps.knex, id);`)).to.equal(false);
  });
});
