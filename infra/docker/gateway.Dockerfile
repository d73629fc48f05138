# gateway: the only public door (API keys, roles, tenant scope, idempotency, rate limit, /docs).
# Build from the repository root (the context must hold the lockfile and the workspaces):
#   docker build -f infra/docker/gateway.Dockerfile -t seatlease/gateway:0.1.0 .
# Runs TypeScript as it is, with tsx, exactly as `npm start` does on a laptop.

# Pinned to Node 24 LTS, the runtime package.json brings for `npm start`/`npm test` (the
# devDependency `node`, decision 0030); pin by digest in your registry
# mirror if you need bit-for-bit rebuilds.
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# Every workspace's manifest, so that the lockfile matches the project it was written for.
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY contract-service/package.json contract-service/
COPY billing-service/package.json billing-service/
COPY assessment-service/package.json assessment-service/
COPY gateway/package.json gateway/
COPY console/package.json console/
COPY infra/package.json infra/
COPY tests/package.json tests/
# Production dependencies of this workspace (and of @seatlease/shared, which it links) only,
# tsx among them (the service runs its TypeScript with it). embedded-postgres comes along as a
# dependency of shared (~60 MB): it is never started here, because DATABASE_URL is always set
# in a container. Its postinstall links libraries: no --ignore-scripts.
# The SBOM (CycloneDX, `npm sbom`, from the same lockfile) ships in the image at
# /app/sbom.cdx.json; CI writes the same file (.ci/run). It lists the workspace's whole
# dependency closure: everything installed here, plus its devDependencies' type packages and
# other platforms' optional binaries that are not (npm's --omit=dev drops prod packages that a
# root devDependency also names, tsx among them, so it is not used).
RUN npm ci --omit=dev --workspace=@seatlease/gateway --no-audit --no-fund \
 && npm sbom --sbom-format cyclonedx --sbom-type application --package-lock-only --workspace=@seatlease/gateway > sbom.cdx.json \
 && npm cache clean --force

# The web console (/console, decision 0052): built with its dev dependencies (Vite, the API
# type generator) in a stage of its own; only its built files reach the runtime image.
FROM ${NODE_IMAGE} AS console
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.base.json ./
COPY shared/package.json shared/
COPY contract-service/package.json contract-service/
COPY billing-service/package.json billing-service/
COPY gateway/package.json gateway/
COPY console/package.json console/
COPY infra/package.json infra/
COPY tests/package.json tests/
RUN npm ci --no-audit --no-fund
COPY shared/src shared/src/
COPY gateway/src gateway/src/
COPY console/index.html console/vite.config.ts console/tsconfig.json console/
COPY console/scripts console/scripts/
COPY console/src console/src/
RUN npm exec -- tsx console/scripts/build.ts --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=8080 \
    SEATLEASE_DATA_DIR=/var/lib/seatlease
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=deps /app/sbom.cdx.json ./sbom.cdx.json
COPY package.json tsconfig.json tsconfig.base.json ./
COPY shared/package.json shared/
COPY shared/src shared/src/
COPY gateway/package.json gateway/
COPY gateway/src gateway/src/
COPY --from=console /app/console/dist console/dist/
COPY docs/clauses.md docs/
COPY infra/package.json infra/
COPY infra/src/migrate.ts infra/src/
# Files stay root-owned and read-only to the process; only the data dir is its own (the
# internal-token file when SEATLEASE_INTERNAL_TOKEN is unset).
RUN mkdir -p /var/lib/seatlease && chown 1000:1000 /var/lib/seatlease
# The image's `node` user, by number so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--import", "tsx", "gateway/src/main.ts"]
