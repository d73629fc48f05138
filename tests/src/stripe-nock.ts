/**
 * nock for api.stripe.com only, never the network (TOOLCHAIN.md), for every Stripe test.
 *
 * nock 15.0.0 breaks fetch bodies it lets through (docs/toolchain-notes.md): its interceptor
 * rebuilds the request from an ArrayBuffer it cannot read. The services call each other with
 * fetch POSTs on loopback, so loopback fetches go straight to the real fetch; every other host
 * goes through nock, where only api.stripe.com has scopes and anything else is refused.
 */
import nock from 'nock';

// Importing nock switches interception on for the whole mocha process: off until a test asks.
if (nock.isActive()) nock.restore();

export { nock };

/** Turns the routing on; answers the undo (real fetch and http again, net connect allowed). */
export function stripeNockOn(): () => void {
  if (nock.isActive()) nock.restore();
  const realFetch = globalThis.fetch;
  nock.activate();
  const nockFetch = globalThis.fetch;
  const isLoopback = (input: Parameters<typeof fetch>[0]) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(url);
  };
  globalThis.fetch = ((input, init) => (isLoopback(input) ? realFetch(input, init) : nockFetch(input, init))) as typeof fetch;
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  return () => {
    globalThis.fetch = nockFetch;
    nock.cleanAll();
    nock.enableNetConnect();
    nock.restore();
    globalThis.fetch = realFetch;
  };
}
