import { contractServiceUrl, createRuntime, ensureDatabase, runMain, stopOnSignals } from '@seatlease/shared';
import { startBillingService } from './bootstrap';

runMain('billing-service', async () => {
  const rt = createRuntime('billing-service');
  const db = await ensureDatabase(rt.config, rt.log);
  const svc = await startBillingService({
    ...rt,
    databaseUrl: db.url,
    port: rt.config.BILLING_SERVICE_PORT,
    contractServiceUrl: contractServiceUrl(rt.config),
    runScheduler: true,
  });
  process.stdout.write(`billing-service listening on ${svc.url}\n`);
  stopOnSignals(rt.log, [], [svc.close, db.stop]);
});
