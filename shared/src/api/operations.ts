/** Probes: the process is up; its parts are reachable. */
import { z } from 'zod';
import { component } from './common';

export const Health = component('Health', z.object({ status: z.string().optional(), service: z.string().optional() }));
const upDown = z.enum(['up', 'down']);
export const Readiness = component(
  'Readiness',
  z.object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.object({ database: upDown.optional(), 'contract-service': upDown.optional(), 'billing-service': upDown.optional(), 'assessment-service': upDown.optional() }),
  }),
);
