/** The test clock (gateway, test mode only). */
import { z } from 'zod';
import { instant } from '../validation';
import { component, Instant } from './common';

export const ClockAdvance = component('ClockAdvance', z.object({ now: instant().meta({ description: 'the new time; never earlier than the current one' }) }).strict());
export const Clock = component('Clock', z.object({ now: Instant }));
export const ClockAdvanced = component(
  'ClockAdvanced',
  z.object({
    now: Instant,
    jobsRun: z.array(z.object({ job: z.string().meta({ description: 'e.g. billing_run, dunning, renewal_notice, deposit_settlement' }), at: Instant, result: z.unknown().optional() })),
  }),
);
