/** Where things are, and the app's own configuration names (read from its sources). */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const infraDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const repoRoot = resolve(infraDir, '..');
export const k8sDir = resolve(infraDir, 'k8s');
export const dockerDir = resolve(infraDir, 'docker');

export const SERVICES = ['contract-service', 'billing-service', 'assessment-service', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Each service's port and the env var that sets it (README "Configuration"). */
export const SERVICE_PORTS: Record<ServiceName, { env: string; port: number }> = {
  'contract-service': { env: 'CONTRACT_SERVICE_PORT', port: 8081 },
  'billing-service': { env: 'BILLING_SERVICE_PORT', port: 8082 },
  'assessment-service': { env: 'ASSESSMENT_SERVICE_PORT', port: 8083 },
  gateway: { env: 'PORT', port: 8080 },
};

/**
 * Every env var the app reads: the keys of the zod object in shared/src/config.ts. Read from the
 * source (the schema is not exported), two-space-indented `NAME:` lines inside `z.object({`.
 */
export function appConfigKeys(): Set<string> {
  const src = readFileSync(resolve(repoRoot, 'shared/src/config.ts'), 'utf8');
  const start = src.indexOf('const schema = z.object({');
  if (start < 0) throw new Error('shared/src/config.ts: `const schema = z.object({` not found');
  const end = src.indexOf('\n});', start);
  const body = src.slice(start, end);
  const keys = [...body.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!);
  if (keys.length < 10) throw new Error(`shared/src/config.ts: only ${keys.length} keys found; has the schema moved?`);
  return new Set(keys);
}

/**
 * The env vars named in README's configuration table, with shorthand rows expanded
 * (`SEATLEASE_PARTY_A_NAME`, `_ADDRESS` → `SEATLEASE_PARTY_A_ADDRESS`).
 */
/**
 * README rows marked "(embedded PostgreSQL only)": settings of the embedded database's backups,
 * which a deployment on an external PostgreSQL (Compose, Kubernetes) has no use for.
 */
export function readmeEmbeddedOnlyVars(): string[] {
  const readme = readFileSync(resolve(repoRoot, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Configuration')) ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `') && (line.split('|')[2] ?? '').includes('(embedded PostgreSQL only)'))
    .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!));
}

export function readmeConfigVars(): string[] {
  const readme = readFileSync(resolve(repoRoot, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Configuration'));
  if (!section) throw new Error('README.md has no "## Configuration" section');
  const out: string[] = [];
  for (const line of section.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const firstCell = line.split('|')[1] ?? '';
    let stem = '';
    for (const [, name] of firstCell.matchAll(/`([A-Z_][A-Z0-9_]*)`/g)) {
      if (name!.startsWith('_')) {
        out.push(stem + name!.slice(1));
      } else {
        out.push(name!);
        stem = name!.slice(0, name!.lastIndexOf('_') + 1);
      }
    }
  }
  return out;
}
