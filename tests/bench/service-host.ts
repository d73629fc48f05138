/**
 * One service as its own process for the billing-run benchmark: `tsx service-host.ts
 * contract-service|billing-service`, configured from the environment like `npm start`.
 *
 * Unlike billing-service/src/main.ts, the billing service runs without its mail sender and
 * scheduler: the benchmark times the run (invoices, ledgers and queued mails committed), not
 * the delivery of 100,000 mails with their PDFs afterwards, which the PDF benchmark prices
 * separately and which in production runs beside the run, on other cores or replicas.
 */
import { billingServiceUrl, contractServiceUrl, createRuntime, runMain, stopOnSignals } from '@seatlease/shared';
import { startContractService } from '@seatlease/contract-service/src/bootstrap';
import { startBillingService } from '@seatlease/billing-service/src/bootstrap';

const service = process.argv[2];

runMain(service ?? 'service', async () => {
  const rt = createRuntime(service ?? 'service');
  const databaseUrl = rt.config.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL must be set');
  if (service === 'contract-service') {
    const svc = await startContractService({ ...rt, databaseUrl, port: rt.config.CONTRACT_SERVICE_PORT, billingServiceUrl: billingServiceUrl(rt.config) });
    stopOnSignals(rt.log, [], [svc.close]);
  } else if (service === 'billing-service') {
    const svc = await startBillingService({
      ...rt,
      databaseUrl,
      port: rt.config.BILLING_SERVICE_PORT,
      contractServiceUrl: contractServiceUrl(rt.config),
      runScheduler: false,
      runMailer: false,
    });
    stopOnSignals(rt.log, [], [svc.close]);
  } else {
    throw new Error(`unknown service ${service}`);
  }
});
