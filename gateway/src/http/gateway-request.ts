/** What the gateway's middleware learns about a request, in the order it learns it. */
import type { RouteSpec } from '../routing/route.table';
import type { AuthenticatedKey } from '../api-keys/authenticate-api-key';
import type { SessionCredential } from '../sessions/authenticate-session';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The route-table row this request matched. */
      gatewayRoute?: RouteSpec;
      /** The caller's active key; null when no valid token came with the request. */
      apiKey?: AuthenticatedKey | null;
      /** Set when the caller came with the console's session cookie (no bearer token). */
      consoleSession?: SessionCredential;
      /** The parsed JSON body (the raw bytes stay in `body` and are what is forwarded). */
      jsonBody?: unknown;
      /** The body is streamed through to the service instead of being read here. */
      streamBody?: boolean;
      /** sha256 fingerprint of a streamed body, once it has been read to the end. */
      streamedBodyHash?: string;
      /** The response is being recorded for an Idempotency-Key. */
      idempotencyRecording?: boolean;
      /**
       * The request's Idempotency-Key as the services record it (shared/src/idempotency.ts):
       * scoped to the caller's API key; `requestHash` null for a streamed body (not known yet).
       */
      idempotency?: { scope: string; key: string; requestHash: string | null };
    }
  }
}

export {};
