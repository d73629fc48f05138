import { billingServiceUrl, contractServiceUrl, createRuntime, ensureDatabase, runMain, stopOnSignals } from '@seatlease/shared';
import { startAssessmentService } from './bootstrap';

runMain('assessment-service', async () => {
  const rt = createRuntime('assessment-service');
  const db = await ensureDatabase(rt.config, rt.log);
  const svc = await startAssessmentService({
    ...rt,
    databaseUrl: db.url,
    port: rt.config.ASSESSMENT_SERVICE_PORT,
    contractServiceUrl: contractServiceUrl(rt.config),
    billingServiceUrl: billingServiceUrl(rt.config),
  });
  process.stdout.write(`assessment-service listening on ${svc.url}\n`);
  stopOnSignals(rt.log, [], [svc.close, db.stop]);
});
