/**
 * Kubernetes manifests offline: YAML loading, a small `kustomize build` (resources, strategic
 * merge patches, images, namespace) and strict validation against the Kubernetes schemas.
 *
 * Validation is two checks, both from npm and both offline:
 *  - kubernetes-models: the OpenAPI schemas of Kubernetes 1.27 compiled to validators (types,
 *    required fields, enums, int-or-string), looked up by apiVersion and kind;
 *  - kubernetes-types: the same OpenAPI definitions (Kubernetes 1.30) as TypeScript types; each
 *    document is type-checked as an object literal (`satisfies`), so a field the schema does not
 *    define is an error at any depth — the "strict" flavour that kubectl applies and that the
 *    compiled validators leave out.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { infraDir } from './paths';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
}

export interface Kustomization {
  apiVersion: string;
  kind: string;
  namespace?: string;
  resources?: string[];
  patches?: Array<{ path: string }>;
  images?: Array<{ name: string; newName?: string; newTag?: string }>;
}

/** The kustomization fields our files may use; anything else is a typo or needs this build to learn it. */
const KUSTOMIZATION_FIELDS = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'patches', 'images']);
const PATCH_FIELDS = new Set(['path']);
const IMAGE_FIELDS = new Set(['name', 'newName', 'newTag']);

/** Every document of a YAML file; a syntax error or warning throws, naming the file. */
export function readYamlDocuments(file: string): unknown[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'), { prettyErrors: true, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: unknown[] = [];
  for (const doc of list) {
    const problems = [...doc.errors, ...doc.warnings];
    if (problems.length > 0) throw new Error(`${rel(file)}: ${problems.map((p) => p.message).join('; ')}`);
    const value: unknown = doc.toJS({ maxAliasCount: 0 });
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

export function rel(file: string): string {
  return relative(infraDir, file);
}

/** Every .yaml/.yml file under a folder, sorted. */
export function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...yamlFilesUnder(path));
    else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asK8sObject(doc: unknown, where: string): K8sObject {
  if (!isRecord(doc) || typeof doc.apiVersion !== 'string' || typeof doc.kind !== 'string') {
    throw new Error(`${where}: not a Kubernetes object (apiVersion and kind are required)`);
  }
  const md = doc.metadata;
  if (!isRecord(md) || typeof md.name !== 'string') throw new Error(`${where}: metadata.name is required`);
  return doc as K8sObject;
}

export function readKustomization(dir: string): Kustomization {
  const file = join(dir, 'kustomization.yaml');
  const docs = readYamlDocuments(file);
  if (docs.length !== 1 || !isRecord(docs[0])) throw new Error(`${rel(file)}: expected one mapping`);
  const k = docs[0];
  const unknown = Object.keys(k).filter((f) => !KUSTOMIZATION_FIELDS.has(f));
  if (unknown.length > 0) throw new Error(`${rel(file)}: unsupported field(s) ${unknown.join(', ')}`);
  if (k.apiVersion !== 'kustomize.config.k8s.io/v1beta1' || k.kind !== 'Kustomization') {
    throw new Error(`${rel(file)}: apiVersion/kind must be kustomize.config.k8s.io/v1beta1 Kustomization`);
  }
  for (const p of (k.patches as unknown[] | undefined) ?? []) {
    if (!isRecord(p) || typeof p.path !== 'string' || Object.keys(p).some((f) => !PATCH_FIELDS.has(f))) {
      throw new Error(`${rel(file)}: each patch is {path} (a strategic merge patch file)`);
    }
  }
  for (const i of (k.images as unknown[] | undefined) ?? []) {
    if (!isRecord(i) || typeof i.name !== 'string' || Object.keys(i).some((f) => !IMAGE_FIELDS.has(f))) {
      throw new Error(`${rel(file)}: each image is {name, newName?, newTag?}`);
    }
  }
  return k as unknown as Kustomization;
}

export interface Built {
  objects: K8sObject[];
  /** Every file the build read (kustomizations, resources, patches). */
  files: Set<string>;
}

const key = (o: { kind: string; metadata: { name: string } }) => `${o.kind}/${o.metadata.name}`;

/**
 * `kustomize build dir`, for the features our kustomizations use: resources (files and
 * kustomization folders), strategic merge patches targeting their own kind and name, images and
 * namespace. A patch whose target is missing, an image entry that matches no container, a
 * missing file or a duplicate object throws.
 */
export function build(dir: string): Built {
  const k = readKustomization(dir);
  const files = new Set<string>([join(dir, 'kustomization.yaml')]);
  let objects: K8sObject[] = [];
  for (const r of k.resources ?? []) {
    const path = resolve(dir, r);
    if (!existsSync(path)) throw new Error(`${rel(dir)}: resource ${r} does not exist`);
    if (statSync(path).isDirectory()) {
      if (!existsSync(join(path, 'kustomization.yaml'))) throw new Error(`${rel(dir)}: ${r} has no kustomization.yaml`);
      const sub = build(path);
      objects.push(...sub.objects);
      sub.files.forEach((f) => files.add(f));
    } else {
      files.add(path);
      readYamlDocuments(path).forEach((d, i) => objects.push(asK8sObject(d, `${rel(path)}#${i}`)));
    }
  }
  const seen = new Set<string>();
  for (const o of objects) {
    if (seen.has(key(o))) throw new Error(`${rel(dir)}: ${key(o)} is defined twice`);
    seen.add(key(o));
  }
  for (const p of k.patches ?? []) {
    const path = resolve(dir, p.path);
    if (!existsSync(path)) throw new Error(`${rel(dir)}: patch ${p.path} does not exist`);
    files.add(path);
    readYamlDocuments(path).forEach((d, i) => {
      const patch = asK8sObject(d, `${rel(path)}#${i}`);
      const at = objects.findIndex((o) => key(o) === key(patch) && o.apiVersion === patch.apiVersion);
      if (at < 0) throw new Error(`${rel(path)}#${i}: patch target ${patch.apiVersion} ${key(patch)} is not among the resources`);
      objects[at] = strategicMerge(objects[at], patch) as K8sObject;
    });
  }
  for (const image of k.images ?? []) {
    let matched = 0;
    objects = objects.map((o) => {
      const copy = structuredClone(o);
      for (const c of podContainers(copy)) {
        const [name, tag] = splitImage(c.image);
        if (name === image.name) {
          c.image = `${image.newName ?? name}:${image.newTag ?? tag}`;
          matched++;
        }
      }
      return copy;
    });
    if (matched === 0) throw new Error(`${rel(dir)}: images entry ${image.name} matches no container`);
  }
  if (k.namespace) {
    objects = objects.map((o) => (o.kind === 'Namespace' ? o : { ...o, metadata: { ...o.metadata, namespace: k.namespace } }));
  }
  return { objects, files };
}

/**
 * Strategic merge as kustomize does it for what we patch: maps merge key by key (null deletes),
 * lists of named items (containers, env, volumes, ...) merge by name, other lists are replaced.
 */
export function strategicMerge(base: unknown, patch: unknown): unknown {
  if (isRecord(base) && isRecord(patch)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete out[k];
      else out[k] = k in base ? strategicMerge(base[k], v) : structuredClone(v);
    }
    return out;
  }
  const named = (l: unknown[]) => l.every((i) => isRecord(i) && typeof i.name === 'string');
  if (Array.isArray(base) && Array.isArray(patch) && base.length > 0 && named(base) && named(patch)) {
    const out = base.map((i) => structuredClone(i) as Record<string, unknown>);
    for (const p of patch as Array<Record<string, unknown>>) {
      const at = out.findIndex((i) => i.name === p.name);
      if (at >= 0) out[at] = strategicMerge(out[at], p) as Record<string, unknown>;
      else out.push(structuredClone(p));
    }
    return out;
  }
  return structuredClone(patch);
}

export interface ContainerLike {
  name: string;
  image: string;
  [k: string]: unknown;
}

export interface PodSpecLike {
  containers: ContainerLike[];
  initContainers?: ContainerLike[];
  [k: string]: unknown;
}

/** The pod template spec of a workload (Deployment, StatefulSet, Job), or null. */
export function podSpec(o: K8sObject): PodSpecLike | null {
  const spec = o.spec;
  if (!isRecord(spec) || !isRecord(spec.template) || !isRecord(spec.template.spec)) return null;
  return spec.template.spec as unknown as PodSpecLike;
}

export function podLabels(o: K8sObject): Record<string, string> {
  const spec = o.spec;
  if (!isRecord(spec) || !isRecord(spec.template) || !isRecord(spec.template.metadata)) return {};
  return (spec.template.metadata.labels as Record<string, string> | undefined) ?? {};
}

export function podContainers(o: K8sObject): ContainerLike[] {
  const spec = podSpec(o);
  return spec ? [...(spec.initContainers ?? []), ...spec.containers] : [];
}

/** `registry/name:tag` → [`registry/name`, `tag`]; the tag is '' when there is none. */
export function splitImage(image: string): [string, string] {
  const at = image.lastIndexOf(':');
  return at > image.lastIndexOf('/') ? [image.slice(0, at), image.slice(at + 1)] : [image, ''];
}

export function selectorMatches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

// ---------------------------------------------------------------- schema validation

const require = createRequire(import.meta.url);

/**
 * Custom resources with an offline schema on npm: the Prometheus Operator's (PodMonitor), from
 * @kubernetes-models/prometheus-operator — its compiled validators and its TypeScript types
 * (`I<Kind>`), used like the core ones.
 */
const CRD_MODELS: Record<string, string> = {
  'monitoring.coreos.com/v1': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
};

/**
 * Custom resources with NO offline schema here: CloudNativePG's (its CRDs are not published on
 * npm). The k8s test checks the fields SeatLease relies on instead (infra/test/k8s.test.ts,
 * "CloudNativePG"); a server-side dry run against the operator's CRDs is the real check
 * (docs/operations.md).
 */
export const UNVALIDATED_API_VERSIONS = new Set(['postgresql.cnpg.io/v1', 'barmancloud.cnpg.io/v1']);

/** kubernetes-models module for an apiVersion: `v1`, `apps/v1`, `networking.k8s.io/v1`. */
function modelsModule(apiVersion: string): string {
  return CRD_MODELS[apiVersion] ?? `kubernetes-models/${apiVersion}`;
}

/** kubernetes-types module for an apiVersion: core for `v1`, the group without `.k8s.io`. */
function typesModule(apiVersion: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['core', apiVersion];
  return `kubernetes-types/${group!.replace(/\.k8s\.io$/, '')}/${version}`;
}

/** Validates with kubernetes-models' compiled schema for the object's apiVersion and kind. */
export async function validateWithModels(o: K8sObject): Promise<string[]> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(modelsModule(o.apiVersion))) as Record<string, unknown>;
  } catch {
    return [`no schema for apiVersion ${o.apiVersion}`];
  }
  const Model = mod[o.kind] as (new (data: unknown) => { validate(): void }) | undefined;
  if (typeof Model !== 'function') return [`no schema for ${o.apiVersion} ${o.kind}`];
  try {
    new Model(o).validate();
    return [];
  } catch (err) {
    return [(err as Error).message];
  }
}

/**
 * Type-checks every object against kubernetes-types in one TypeScript program: one virtual file
 * per object, `export const doc = <json> satisfies Kind;`. Answers the errors per label.
 */
export function typecheckStrict(items: Array<{ label: string; object: K8sObject }>): Map<string, string[]> {
  const typesRoot = dirname(require.resolve('kubernetes-types/package.json'));
  const virtual = new Map<string, { label: string; text: string }>();
  const result = new Map<string, string[]>();
  items.forEach(({ label, object }, i) => {
    result.set(label, []);
    if (!/^[A-Z][A-Za-z0-9]*$/.test(object.kind)) {
      result.get(label)!.push(`bad kind ${object.kind}`);
      return;
    }
    const crd = CRD_MODELS[object.apiVersion];
    const mod = crd ? `${crd}/${object.kind}` : typesModule(object.apiVersion);
    if (!crd && !existsSync(join(typesRoot, `${mod.slice('kubernetes-types/'.length)}.d.ts`))) {
      result.get(label)!.push(`no type definitions for apiVersion ${object.apiVersion}`);
      return;
    }
    const typeName = crd ? `I${object.kind}` : object.kind;
    const file = join(infraDir, 'test', `__k8s_doc_${i}.ts`);
    const text = `import type { ${typeName} as Kind } from '${mod}';\nexport const doc = ${JSON.stringify(object, null, 2)} satisfies Kind;\n`;
    virtual.set(file, { label, text });
  });
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts'],
    types: [],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (name, lang, onError, create) => {
    const v = virtual.get(name);
    return v ? ts.createSourceFile(name, v.text, lang, true) : getSourceFile(name, lang, onError, create);
  };
  host.fileExists = (name) => virtual.has(name) || fileExists(name);
  host.readFile = (name) => virtual.get(name)?.text ?? readFile(name);
  const program = ts.createProgram([...virtual.keys()], options, host);
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const v = d.file ? virtual.get(d.file.fileName) : undefined;
    const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    if (!v) throw new Error(`TypeScript: ${message}`);
    const line = d.start !== undefined && d.file ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    const context = d.file && line > 0 ? d.file.text.split('\n')[line - 1]?.trim() : '';
    result.get(v.label)!.push(`${message}${context ? ` (at ${context})` : ''}`);
  }
  return result;
}

/** Both validations for many objects: label → problems (none = valid). */
export async function validateStrict(items: Array<{ label: string; object: K8sObject }>): Promise<Map<string, string[]>> {
  const result = typecheckStrict(items);
  for (const { label, object } of items) result.get(label)!.push(...(await validateWithModels(object)));
  return result;
}
