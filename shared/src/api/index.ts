/**
 * The public API's shapes (decision 0056): `import { TenantCreate } from '@seatlease/shared/src/api'`.
 * Each resource's file holds the schemas its requests are validated with and the shapes of its
 * answers; `apiComponents` names the ones the OpenAPI document lists under components.
 */
export * from './common';
export * from './operations';
export * from './api-keys';
export * from './sessions';
export * from './clock';
export * from './tenants';
export * from './contracts';
export * from './seat-orders';
export * from './events';
export * from './incidents';
export * from './seat-log';
export * from './calls';
export * from './billing-runs';
export * from './invoices';
export * from './payments';
export * from './fapiao';
export * from './reports';
export * from './calendar';
export * from './traffic';
export * from './assessment';
