/** Console sessions (gateway): an API key exchanged for a session cookie. */
import { z } from 'zod';
import { component, Instant, Role, Uuid } from './common';

/** The gateway reads `apiKey` itself (gateway/src/sessions/create-session.ts): any other answer is a 401. */
export const SessionCreate = component(
  'SessionCreate',
  z.object({ apiKey: z.string().min(1).meta({ description: 'an API key token (`sl_…`); exchanged once, never stored by the browser' }) }).strict(),
);
export const Session = component(
  'Session',
  z.object({
    role: Role,
    tenantId: Uuid.nullable(),
    name: z.string().meta({ description: 'the API key’s name' }),
    csrfToken: z.string().meta({ description: 'send it as `X-CSRF-Token` on every request that changes something' }),
    expiresAt: Instant,
  }),
);
