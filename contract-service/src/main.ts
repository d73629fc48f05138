import { billingServiceUrl, createRuntime, ensureDatabase, runMain, stopOnSignals } from '@seatlease/shared';
import { startContractService } from './bootstrap';

runMain('contract-service', async () => {
  const rt = createRuntime('contract-service');
  const db = await ensureDatabase(rt.config, rt.log);
  const svc = await startContractService({
    ...rt,
    databaseUrl: db.url,
    port: rt.config.CONTRACT_SERVICE_PORT,
    billingServiceUrl: billingServiceUrl(rt.config),
  });
  process.stdout.write(`contract-service listening on ${svc.url}\n`);
  stopOnSignals(rt.log, [], [svc.close, db.stop]);
});
