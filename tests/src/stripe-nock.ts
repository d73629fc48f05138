/**
 * nock for api.stripe.com only, never the network (TOOLCHAIN.md), for every Stripe test.
 *
 * Interception is on only while a Stripe test asks for it; loopback (the services calling each
 * other) passes through to the real servers, every other host without a scope is refused.
 * nock 15.0.6 on Node 24 passes fetch bodies through intact (15.0.0, the last one Node 20 could
 * run, broke them, and this file used to route loopback fetches around it).
 */
import nock from 'nock';

// Importing nock switches interception on for the whole mocha process: off until a test asks.
if (nock.isActive()) nock.restore();

export { nock };

/** Turns the routing on; answers the undo (no interception, net connect allowed). */
export function stripeNockOn(): () => void {
  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  return () => {
    nock.cleanAll();
    nock.enableNetConnect();
    nock.restore();
  };
}
