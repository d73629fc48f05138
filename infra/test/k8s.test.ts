/**
 * infra/k8s: every YAML parses; every object validates strictly against the Kubernetes schema of
 * its apiVersion and kind, as written in the base and as built by each overlay; the
 * kustomizations hold together (what `kustomize build` would check); and the manifests keep the
 * promises of issue 10 (probes, limits, non-root, autoscaling, disruption budgets, only the
 * gateway reachable from outside, migrations Job).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import {
  build,
  podContainers,
  podLabels,
  podSpec,
  readKustomization,
  readYamlDocuments,
  rel,
  selectorMatches,
  splitImage,
  validateStrict,
  yamlFilesUnder,
  type Built,
  type K8sObject,
  UNVALIDATED_API_VERSIONS,
} from './support/k8s';
import { appConfigKeys, k8sDir, repoRoot, SERVICE_PORTS, SERVICES } from './support/paths';

const baseDir = join(k8sDir, 'base');
const overlaysDir = join(k8sDir, 'overlays');
const overlays = readdirSync(overlaysDir).sort();

const builds = new Map<string, Built>([['base', build(baseDir)], ...overlays.map((o): [string, Built] => [o, build(join(overlaysDir, o))])]);

function find(objects: K8sObject[], kind: string, name: string): K8sObject | undefined {
  return objects.find((o) => o.kind === kind && o.metadata.name === name);
}

function spec(o: K8sObject): Record<string, any> {
  return o.spec as Record<string, any>;
}

/** Does an overlay build on the base, directly or through another overlay? */
function buildsOnBase(dir: string): boolean {
  return (readKustomization(dir).resources ?? []).some((r) => {
    const path = resolve(dir, r);
    return path === baseDir || (existsSync(join(path, 'kustomization.yaml')) && buildsOnBase(path));
  });
}

/** Pods that objects of a build create without a pod template here: CloudNativePG's instances. */
function operatorPodLabels(objects: K8sObject[]): Array<Record<string, string>> {
  return objects.filter((o) => o.kind === 'Cluster' && o.apiVersion === 'postgresql.cnpg.io/v1').map((c) => ({ 'cnpg.io/cluster': c.metadata.name }));
}

/** Secrets an operator makes: CloudNativePG's `<cluster>-app` (the database owner's credentials). */
function operatorSecrets(objects: K8sObject[]): string[] {
  return objects.filter((o) => o.kind === 'Cluster' && o.apiVersion === 'postgresql.cnpg.io/v1').map((c) => `${c.metadata.name}-app`);
}

describe('infra/k8s manifests', () => {
  it('has the base and the dev and prod overlays', () => {
    expect(overlays).to.include.members(['dev', 'prod']);
  });

  describe('YAML', () => {
    it('every file parses, without aliases, and every document is a Kubernetes object or a Kustomization', () => {
      const files = yamlFilesUnder(k8sDir);
      expect(files.length).to.be.greaterThan(10);
      for (const file of files) {
        const docs = readYamlDocuments(file);
        expect(docs, rel(file)).to.not.be.empty;
        for (const d of docs) {
          const o = d as Record<string, unknown>;
          expect(o.apiVersion, `${rel(file)} apiVersion`).to.be.a('string');
          expect(o.kind, `${rel(file)} kind`).to.be.a('string');
        }
      }
    });

    it('no file is left out: each is a kustomization, or a resource or patch of one', () => {
      const used = new Set<string>();
      for (const b of builds.values()) b.files.forEach((f) => used.add(f));
      const orphans = yamlFilesUnder(k8sDir).filter((f) => !used.has(f));
      expect(orphans.map(rel)).to.deep.equal([]);
    });
  });

  describe('strict schema validation', () => {
    it('every object of the base and of each overlay build validates against its apiVersion/kind schema (CloudNativePG\'s: see below)', async () => {
      const items: Array<{ label: string; object: K8sObject }> = [];
      for (const [name, b] of builds) {
        for (const o of b.objects) {
          if (UNVALIDATED_API_VERSIONS.has(o.apiVersion)) continue;
          items.push({ label: `${name}: ${o.apiVersion} ${o.kind}/${o.metadata.name}`, object: o });
        }
      }
      const problems = await validateStrict(items);
      const failures = [...problems].filter(([, p]) => p.length > 0).map(([label, p]) => `${label}: ${p.join('; ')}`);
      expect(failures).to.deep.equal([]);
      expect(items.length).to.be.greaterThan(30);
    });

    it('rejects what the API server would: an unknown field at any depth, a wrong type, an unknown kind', async () => {
      const deployment = structuredClone(find(builds.get('base')!.objects, 'Deployment', 'gateway')!);
      (podSpec(deployment)!.containers[0] as Record<string, unknown>).imagePullPolicyy = 'Always';
      const configMap: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { PORT: 8080 } };
      const hpa: K8sObject = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'x' }, spec: { maxReplicas: 2, scaleTargetRef: { kind: 'Deployment', name: 'x' }, targetCPUUtilizationPercentage: 70 } };
      const unknownKind: K8sObject = { apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } };
      const podMonitor: K8sObject = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name: 'x' }, spec: { selector: {}, podMetricsEndpoint: [{ port: 'metrics' }] } };
      const problems = await validateStrict([
        { label: 'unknown field in a PodMonitor', object: podMonitor },
        { label: 'unknown field', object: deployment },
        { label: 'wrong type', object: configMap },
        { label: 'v1 field in v2', object: hpa },
        { label: 'unknown kind', object: unknownKind },
      ]);
      expect(problems.get('unknown field')!.join()).to.match(/imagePullPolicyy/);
      expect(problems.get('wrong type')!.join()).to.match(/string/);
      expect(problems.get('v1 field in v2')!.join()).to.match(/targetCPUUtilizationPercentage/);
      expect(problems.get('unknown kind')).to.not.be.empty;
      expect(problems.get('unknown field in a PodMonitor')!.join()).to.match(/podMetricsEndpoint/);
    });
  });

  describe('kustomize', () => {
    it('every kustomization lists files that exist; each overlay builds on the base', () => {
      for (const o of overlays) expect(buildsOnBase(join(overlaysDir, o)), `${o} builds on ../../base`).to.equal(true);
      // build() throws on a missing resource or patch, a patch without a target, an unmatched image.
      expect([...builds.keys()]).to.have.members(['base', ...overlays]);
    });

    it('puts everything in one namespace, which the base creates', () => {
      for (const [name, b] of builds) {
        expect(find(b.objects, 'Namespace', 'seatlease'), name).to.exist;
        for (const o of b.objects.filter((x) => x.kind !== 'Namespace')) expect(o.metadata.namespace, `${name} ${o.kind}/${o.metadata.name}`).to.equal('seatlease');
      }
    });

    it('prod pulls released images from a registry; no image anywhere is untagged or :latest', () => {
      for (const [name, b] of builds) {
        for (const o of b.objects) {
          for (const c of podContainers(o)) {
            const [, tag] = splitImage(c.image);
            expect(tag, `${name} ${o.metadata.name}/${c.name}: ${c.image}`).to.not.equal('');
            expect(tag).to.not.equal('latest');
          }
        }
      }
      const prod = builds.get('prod')!.objects;
      for (const s of SERVICES) {
        expect(podContainers(find(prod, 'Deployment', s)!)[0]!.image).to.match(new RegExp(`^registry\\.example\\.com/seatlease/${s}:\\d+\\.\\d+\\.\\d+$`));
      }
    });
  });

  for (const [name, b] of [...builds].filter(([n]) => n !== 'base')) {
    describe(`overlay ${name}: what the cluster gets`, () => {
      const objects = b.objects;

      it('every reference resolves: ConfigMaps and Secrets, Service selectors and ports, HPA and PDB targets, the Ingress backend', () => {
        for (const o of objects) {
          const pod = podSpec(o);
          if (!pod) continue;
          for (const c of podContainers(o)) {
            for (const from of (c.envFrom as Array<Record<string, { name: string }>> | undefined) ?? []) {
              if (from.configMapRef) expect(find(objects, 'ConfigMap', from.configMapRef.name), `${o.metadata.name} → ConfigMap ${from.configMapRef.name}`).to.exist;
              if (from.secretRef) expect(find(objects, 'Secret', from.secretRef.name), `${o.metadata.name} → Secret ${from.secretRef.name}`).to.exist;
            }
            for (const e of (c.env as Array<{ name: string; valueFrom?: { secretKeyRef?: { name: string } } }> | undefined) ?? []) {
              const ref = e.valueFrom?.secretKeyRef?.name;
              if (ref) expect(find(objects, 'Secret', ref) !== undefined || operatorSecrets(objects).includes(ref), `${o.metadata.name} → Secret ${ref}`).to.equal(true);
            }
          }
        }
        const workloads = objects.filter((o) => podSpec(o) !== null);
        for (const svc of objects.filter((o) => o.kind === 'Service')) {
          const target = workloads.find((w) => selectorMatches(spec(svc).selector, podLabels(w)));
          expect(target, `Service ${svc.metadata.name} selects a workload`).to.exist;
          const portNames = podContainers(target!).flatMap((c) => ((c.ports as Array<{ name?: string }> | undefined) ?? []).map((p) => p.name));
          for (const p of spec(svc).ports) expect(portNames, `Service ${svc.metadata.name} targetPort`).to.include(p.targetPort);
        }
        for (const hpa of objects.filter((o) => o.kind === 'HorizontalPodAutoscaler')) {
          const ref = spec(hpa).scaleTargetRef;
          expect(find(objects, ref.kind, ref.name), `HPA ${hpa.metadata.name}`).to.exist;
          expect(spec(hpa).minReplicas).to.be.at.most(spec(hpa).maxReplicas);
        }
        for (const pdb of objects.filter((o) => o.kind === 'PodDisruptionBudget')) {
          expect(workloads.some((w) => selectorMatches(spec(pdb).selector.matchLabels, podLabels(w))), `PDB ${pdb.metadata.name}`).to.equal(true);
        }
        for (const ing of objects.filter((o) => o.kind === 'Ingress')) {
          for (const rule of spec(ing).rules) {
            for (const path of rule.http.paths) {
              const svc = find(objects, 'Service', path.backend.service.name);
              expect(svc, `Ingress backend ${path.backend.service.name}`).to.exist;
              expect(spec(svc!).ports.map((p: { name: string }) => p.name)).to.include(path.backend.service.port.name);
            }
          }
        }
        const podLabelSets = [...workloads.map(podLabels), ...operatorPodLabels(objects)];
        for (const np of objects.filter((o) => o.kind === 'NetworkPolicy')) {
          const sel = spec(np).podSelector.matchLabels as Record<string, string> | undefined;
          if (sel) expect(podLabelSets.some((l) => selectorMatches(sel, l)), `NetworkPolicy ${np.metadata.name} selects pods`).to.equal(true);
          for (const rule of [...(spec(np).ingress ?? []), ...(spec(np).egress ?? [])]) {
            for (const peer of [...(rule.from ?? []), ...(rule.to ?? [])]) {
              // A peer in this namespace must be pods that exist here.
              if (peer.podSelector?.matchLabels && !peer.namespaceSelector) {
                expect(podLabelSets.some((l) => selectorMatches(peer.podSelector.matchLabels, l)), `NetworkPolicy ${np.metadata.name} peer ${JSON.stringify(peer.podSelector.matchLabels)}`).to.equal(true);
              }
            }
          }
        }
      });

      for (const service of SERVICES) {
        it(`${service}: Deployment with probes, limits and a locked-down pod; ClusterIP Service; HPA (autoscaling/v2); PDB (policy/v1)`, () => {
          const d = find(objects, 'Deployment', service)!;
          expect(d, 'Deployment').to.exist;
          expect(spec(d).replicas, 'the HPA owns the replica count').to.equal(undefined);
          const pod = podSpec(d)!;
          expect(pod.securityContext).to.include({ runAsNonRoot: true, runAsUser: 1000 });
          expect(pod.automountServiceAccountToken).to.equal(false);
          expect(pod.containers).to.have.length(1);
          const c = pod.containers[0] as Record<string, any>;
          const { port } = SERVICE_PORTS[service];
          expect(c.ports).to.deep.equal([{ name: 'http', containerPort: port, protocol: 'TCP' }]);
          expect(c.readinessProbe.httpGet).to.deep.equal({ path: '/readyz', port: 'http' });
          expect(c.livenessProbe.httpGet).to.deep.equal({ path: '/healthz', port: 'http' });
          expect(c.resources.requests).to.have.keys('cpu', 'memory');
          expect(c.resources.limits).to.have.keys('cpu', 'memory');
          expect(c.securityContext).to.deep.include({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
          expect(c.securityContext.capabilities).to.deep.equal({ drop: ['ALL'] });
          // The read-only root needs writable /tmp (tsx's cache) and the data dir.
          const mounts = (c.volumeMounts as Array<{ mountPath: string }>).map((m) => m.mountPath);
          expect(mounts).to.include.members(['/tmp', '/var/lib/seatlease']);

          const svc = find(objects, 'Service', service)!;
          expect(spec(svc).type).to.equal('ClusterIP');
          expect(spec(svc).ports[0]).to.include({ port, targetPort: 'http' });
          const hpa = find(objects, 'HorizontalPodAutoscaler', service)!;
          expect(hpa.apiVersion).to.equal('autoscaling/v2');
          expect(spec(hpa).scaleTargetRef).to.deep.equal({ apiVersion: 'apps/v1', kind: 'Deployment', name: service });
          const pdb = find(objects, 'PodDisruptionBudget', service)!;
          expect(pdb.apiVersion).to.equal('policy/v1');
          expect(spec(pdb).selector.matchLabels).to.deep.equal({ 'app.kubernetes.io/name': service });
        });
      }

      it('every container anywhere has requests and limits, no privilege escalation and no capabilities', () => {
        for (const o of objects) {
          const pod = podSpec(o);
          if (!pod) continue;
          expect((pod.securityContext as Record<string, unknown>).runAsNonRoot, o.metadata.name).to.equal(true);
          for (const c of podContainers(o) as Array<Record<string, any>>) {
            expect(c.resources?.requests, `${o.metadata.name}/${c.name}`).to.have.keys('cpu', 'memory');
            expect(c.resources?.limits, `${o.metadata.name}/${c.name}`).to.have.keys('cpu', 'memory');
            expect(c.securityContext?.allowPrivilegeEscalation, `${o.metadata.name}/${c.name}`).to.equal(false);
            expect(c.securityContext?.capabilities, `${o.metadata.name}/${c.name}`).to.deep.equal({ drop: ['ALL'] });
          }
        }
      });

      it('the gateway is the only thing reachable from outside: one Ingress, default deny, and the allowed callers of each service', () => {
        expect(objects.filter((o) => o.kind === 'Ingress').map((o) => spec(o).rules[0].http.paths[0].backend.service.name)).to.deep.equal(['gateway']);
        const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
        const deny = policies.find((p) => Object.keys(spec(p).podSelector).length === 0 && !spec(p).ingress && !spec(p).egress);
        expect(deny, 'a default-deny policy').to.exist;
        expect(spec(deny!).policyTypes).to.have.members(['Ingress', 'Egress']);
        const ingressRules = policies.filter((p) => spec(p).ingress);
        // Only one rule admits traffic from outside the namespace, and it is the ingress controller's to the gateway.
        // The only other: the PostgreSQL instances (prod), from the operator and Prometheus only.
        const fromOutside = ingressRules.filter((p) => spec(p).ingress.some((r: any) => r.from?.some((f: any) => f.namespaceSelector || f.ipBlock) || !r.from));
        const db = operatorPodLabels(objects);
        expect(fromOutside.map((p) => spec(p).podSelector.matchLabels)).to.deep.equal([{ 'app.kubernetes.io/name': 'gateway' }, ...db]);
        for (const p of fromOutside.filter((x) => spec(x).podSelector.matchLabels['cnpg.io/cluster'])) {
          const outside = spec(p).ingress.flatMap((r: any) => r.from.filter((f: any) => f.namespaceSelector || f.ipBlock));
          expect(outside.every((f: any) => !f.ipBlock)).to.equal(true);
          expect(outside.map((f: any) => f.namespaceSelector.matchLabels['kubernetes.io/metadata.name']).sort()).to.deep.equal(['cnpg-system', 'monitoring']);
        }
        const callers = (service: string) =>
          ingressRules
            .filter((p) => spec(p).podSelector.matchLabels?.['app.kubernetes.io/name'] === service)
            .flatMap((p) => spec(p).ingress.flatMap((r: any) => r.from.map((f: any) => f.podSelector?.matchLabels?.['app.kubernetes.io/name'])))
            .sort();
        expect(callers('contract-service')).to.deep.equal(['assessment-service', 'billing-service', 'gateway']);
        expect(callers('assessment-service')).to.deep.equal(['gateway']);
        expect(callers('billing-service')).to.deep.equal(['assessment-service', 'contract-service', 'gateway']);
        const egress = policies.filter((p) => spec(p).egress);
        const dns = egress.find((p) => Object.keys(spec(p).podSelector).length === 0 && spec(p).egress.some((r: any) => r.ports.some((x: any) => x.port === 53)));
        expect(dns, 'DNS egress for every pod').to.exist;
        const pg = egress.find((p) => spec(p).podSelector.matchLabels?.['app.kubernetes.io/part-of'] === 'seatlease' && spec(p).egress.some((r: any) => r.ports.some((x: any) => x.port === 5432)));
        expect(pg, 'PostgreSQL egress for every SeatLease pod').to.exist;
      });

      it('the migrations Job runs infra/src/migrate.ts for each schema, each in its own service image', () => {
        const job = objects.find((o) => o.kind === 'Job')!;
        expect(job, 'migrations Job').to.exist;
        const schemaOf: Record<string, string> = { 'contract-service': 'contract', 'billing-service': 'billing', 'assessment-service': 'assessment', gateway: 'gateway' };
        const runs = podContainers(job).map((c) => {
          const command = c.command as string[];
          expect(command.slice(0, 4)).to.deep.equal(['node', '--import', 'tsx', 'infra/src/migrate.ts']);
          const [image] = splitImage(c.image);
          const service = SERVICES.find((s) => image.endsWith(`/${s}`) || image === s)!;
          expect(service, c.image).to.exist;
          expect(command.slice(4)).to.deep.equal([schemaOf[service]]);
          return command[4];
        });
        expect(runs.sort()).to.deep.equal(['assessment', 'billing', 'contract', 'gateway']);
        expect(existsSync(resolve(repoRoot, 'infra/src/migrate.ts'))).to.equal(true);
        expect(spec(job).template.spec.restartPolicy).to.equal('Never');
      });

      it('ConfigMap and Secret keys are env vars the app reads', () => {
        const keys = appConfigKeys();
        // What the services' pods read (not, e.g., the object store's credentials for the database's backups).
        const read = new Set(objects.flatMap((o) => podContainers(o).flatMap((c) => ((c.envFrom as Array<Record<string, { name: string }>> | undefined) ?? []).map((f) => (f.configMapRef ?? f.secretRef)!.name))));
        for (const o of objects.filter((x) => (x.kind === 'ConfigMap' || x.kind === 'Secret') && read.has(x.metadata.name))) {
          const names = Object.keys({ ...(o.data as object), ...(o.stringData as object) });
          expect(names.filter((n) => !keys.has(n)), `${o.kind}/${o.metadata.name}`).to.deep.equal([]);
        }
      });
    });
  }

  describe('prod: PostgreSQL by CloudNativePG (fields checked here: no offline schema for its CRDs)', () => {
    const prod = builds.get('prod')!.objects;
    const cnpg = (kind: string) => prod.filter((o) => o.kind === kind && o.apiVersion === 'postgresql.cnpg.io/v1');
    const PLUGIN = 'barman-cloud.cloudnative-pg.io';
    const appContainers = () => prod.filter((o) => o.kind === 'Deployment' || o.kind === 'Job').flatMap((o) => podContainers(o).map((c) => ({ owner: o.metadata.name, c })));

    it('one Cluster: 3 instances on 3 nodes, a quorum of one synchronous standby that writes wait for, PostgreSQL 18, WAL archived within a minute', () => {
      const clusters = cnpg('Cluster');
      expect(clusters).to.have.length(1);
      const c = spec(clusters[0]!);
      expect(c.instances).to.equal(3);
      expect(c.postgresql.synchronous).to.deep.equal({ method: 'any', number: 1, dataDurability: 'required' });
      expect(c.postgresql.parameters.archive_timeout).to.equal('60s');
      expect(c.imageName).to.match(/^ghcr\.io\/cloudnative-pg\/postgresql:18\.\d+-/);
      expect(c.affinity).to.include({ enablePodAntiAffinity: true, podAntiAffinityType: 'required', topologyKey: 'kubernetes.io/hostname' });
      expect(c.primaryUpdateMethod).to.equal('switchover');
      expect(c.bootstrap.initdb).to.include({ database: 'seatlease', owner: 'seatlease', encoding: 'UTF8' });
      expect(c.resources.requests).to.have.keys('cpu', 'memory');
      expect(c.resources.limits).to.have.keys('cpu', 'memory');
      expect(c.storage.size).to.match(/^\d+Gi$/);
      expect(c.walStorage.size).to.match(/^\d+Gi$/);
      // The deprecated in-tree archive and PodMonitor switches are not used.
      expect(c.backup?.barmanObjectStore).to.equal(undefined);
      expect(c.monitoring?.enablePodMonitor).to.equal(undefined);
    });

    it('WAL and base backups go to S3-compatible storage through the Barman Cloud plugin, nightly and at creation, kept 30 days', () => {
      const cluster = cnpg('Cluster')[0]!;
      const plugins = spec(cluster).plugins as Array<{ name: string; isWALArchiver?: boolean; parameters: { barmanObjectName: string } }>;
      expect(plugins).to.have.length(1);
      expect(plugins[0]).to.deep.include({ name: PLUGIN, isWALArchiver: true });
      const store = find(prod, 'ObjectStore', plugins[0]!.parameters.barmanObjectName)!;
      expect(store, 'the ObjectStore the Cluster names').to.exist;
      expect(store.apiVersion).to.equal('barmancloud.cnpg.io/v1');
      const conf = spec(store).configuration;
      expect(conf.destinationPath).to.match(/^s3:\/\//);
      expect(conf.serverName, 'must stay empty (the plugin parameter names the server)').to.equal(undefined);
      for (const ref of [conf.s3Credentials.accessKeyId, conf.s3Credentials.secretAccessKey]) {
        const secret = find(prod, 'Secret', ref.name)!;
        expect(secret, `Secret ${ref.name}`).to.exist;
        expect(Object.keys(secret.stringData as object)).to.include(ref.key);
        expect((secret.stringData as Record<string, string>)[ref.key], 'a placeholder, never a real key').to.equal('REPLACE_ME');
      }
      expect(conf.wal.compression).to.equal('gzip');
      expect(spec(store).retentionPolicy).to.match(/^\d+[dwm]$/);
      const scheduled = cnpg('ScheduledBackup');
      expect(scheduled).to.have.length(1);
      const sb = spec(scheduled[0]!);
      expect(sb).to.deep.include({ cluster: { name: cluster.metadata.name }, method: 'plugin', pluginConfiguration: { name: PLUGIN }, immediate: true });
      // The operator's cron: six fields, seconds first, UTC — 18:00 UTC is 02:00 in Shanghai, as the embedded nightly backup.
      expect(sb.schedule.split(' ')).to.have.length(6);
      expect(sb.schedule).to.equal('0 0 18 * * *');
    });

    it('Prometheus scrapes every instance (PodMonitor on the cluster label, port metrics)', () => {
      const monitors = prod.filter((o) => o.kind === 'PodMonitor');
      expect(monitors).to.have.length(1);
      expect(spec(monitors[0]!).selector.matchLabels).to.deep.equal({ 'cnpg.io/cluster': cnpg('Cluster')[0]!.metadata.name });
      expect(spec(monitors[0]!).podMetricsEndpoints).to.deep.equal([{ port: 'metrics' }]);
    });

    it("every service and migration container takes DATABASE_URL from the operator's app Secret (uri), and nothing from seatlease-database", () => {
      const secret = `${cnpg('Cluster')[0]!.metadata.name}-app`;
      const containers = appContainers();
      expect(containers.map((x) => `${x.owner}/${x.c.name}`).sort()).to.deep.equal(
        ['assessment-service/assessment-service', 'billing-service/billing-service', 'contract-service/contract-service', 'gateway/gateway', 'seatlease-migrate/migrate-assessment', 'seatlease-migrate/migrate-billing', 'seatlease-migrate/migrate-contract', 'seatlease-migrate/migrate-gateway'],
      );
      for (const { owner, c } of containers) {
        const env = (c.env as Array<{ name: string; valueFrom?: unknown }>).find((e) => e.name === 'DATABASE_URL');
        expect(env?.valueFrom, `${owner}/${c.name}`).to.deep.equal({ secretKeyRef: { name: secret, key: 'uri' } });
        const refs = ((c.envFrom as Array<Record<string, { name: string }>>) ?? []).map((f) => (f.configMapRef ?? f.secretRef)!.name);
        expect(refs, `${owner}/${c.name}`).to.not.include('seatlease-database');
        expect(refs, `${owner}/${c.name}`).to.include('seatlease-config');
      }
      // The services keep the rest of their secrets.
      const secretsOf = (name: string) => podContainers(find(prod, 'Deployment', name)!).flatMap((c) => ((c.envFrom as Array<Record<string, { name: string }>>) ?? []).map((f) => (f.configMapRef ?? f.secretRef)!.name));
      expect(secretsOf('gateway')).to.have.members(['seatlease-config', 'seatlease-internal', 'seatlease-gateway']);
      expect(secretsOf('billing-service')).to.have.members(['seatlease-config', 'seatlease-internal', 'seatlease-billing']);
      expect(secretsOf('contract-service')).to.have.members(['seatlease-config', 'seatlease-internal']);
    });

    it('the instances are reachable on 5432 only from SeatLease and each other; SeatLease reaches PostgreSQL only there', () => {
      const policies = prod.filter((o) => o.kind === 'NetworkPolicy');
      const toDb = policies.filter((p) => spec(p).podSelector.matchLabels?.['cnpg.io/cluster'] && spec(p).ingress);
      const on5432 = toDb.flatMap((p) => spec(p).ingress.filter((r: any) => r.ports.some((x: any) => x.port === 5432)).flatMap((r: any) => r.from));
      for (const peer of on5432) {
        const inNamespace = !peer.namespaceSelector;
        const operator = peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'cnpg-system';
        expect(inNamespace || operator, JSON.stringify(peer)).to.equal(true);
      }
      const appEgress = find(prod, 'NetworkPolicy', 'allow-postgres-egress')!;
      expect(spec(appEgress).egress).to.deep.equal([{ to: [{ podSelector: { matchLabels: { 'cnpg.io/cluster': 'seatlease-db' } } }], ports: [{ protocol: 'TCP', port: 5432 }] }]);
    });

    it('the managed-PostgreSQL option stays: prod-managed-postgres has no operator objects and reads DATABASE_URL from seatlease-database', () => {
      const managed = builds.get('prod-managed-postgres')!.objects;
      expect(managed.filter((o) => UNVALIDATED_API_VERSIONS.has(o.apiVersion) || o.kind === 'PodMonitor')).to.deep.equal([]);
      for (const name of SERVICES) {
        const c = podContainers(find(managed, 'Deployment', name)!)[0]!;
        expect(((c.envFrom as Array<Record<string, { name: string }>>) ?? []).map((f) => (f.configMapRef ?? f.secretRef)!.name)).to.include('seatlease-database');
        expect(c.env).to.equal(undefined);
      }
      expect(spec(find(managed, 'NetworkPolicy', 'allow-postgres-egress')!).egress[0].to[0].ipBlock).to.exist;
      // Same images, autoscaling and host name as prod: prod is built on it.
      for (const s of SERVICES) expect(podContainers(find(managed, 'Deployment', s)!)[0]!.image).to.equal(podContainers(find(prod, 'Deployment', s)!)[0]!.image);
    });
  });

  it('the base commits no secret: every Secret value is a placeholder or empty', () => {
    for (const s of builds.get('base')!.objects.filter((o) => o.kind === 'Secret')) {
      expect(s.data, `${s.metadata.name}: use stringData placeholders`).to.equal(undefined);
      for (const [k, v] of Object.entries(s.stringData as Record<string, string>)) expect(v, `${s.metadata.name}.${k}`).to.be.oneOf(['REPLACE_ME', '']);
    }
    const text = readFileSync(join(baseDir, 'secrets.yaml'), 'utf8');
    expect(text).to.match(/NO REAL SECRETS ARE COMMITTED/);
  });
});
