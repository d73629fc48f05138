/** The gateway process: `npm start -w gateway` (or `tsx src/main.ts`). */
import { assessmentServiceUrl, billingServiceUrl, contractServiceUrl, createRuntime, ensureDatabase, runMain, stopOnSignals } from '@seatlease/shared';
import { startGateway } from './bootstrap';

runMain('gateway', async () => {
  const { config, log, metrics, internalToken } = createRuntime('gateway');
  const database = await ensureDatabase(config, log);
  const gateway = await startGateway({
    config,
    log,
    metrics,
    internalToken,
    databaseUrl: database.url,
    port: config.PORT,
    contractServiceUrl: contractServiceUrl(config),
    billingServiceUrl: billingServiceUrl(config),
    assessmentServiceUrl: assessmentServiceUrl(config),
    // SEATLEASE_GATEWAY_FAST_PATH=0 sends every request through Express (a switch for
    // comparison and for an incident; the fast path keeps the same checks, http/fast-path.ts).
    fastPath: config.SEATLEASE_GATEWAY_FAST_PATH,
  });
  process.stdout.write(`gateway listening on ${gateway.url} (console: ${gateway.url}/console)\n`);
  if (gateway.adminToken) process.stdout.write(`admin token (shown once): ${gateway.adminToken}\n`);
  stopOnSignals(log, [], [() => gateway.close(), () => database.stop()]);
});
