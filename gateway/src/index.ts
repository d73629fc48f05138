export { startGateway, GATEWAY_SCHEMA, type StartGatewayOptions, type RunningGateway } from './bootstrap';
export { ROUTES, SAMPLE_PARAMS, routeUrl, mayCall, type RouteSpec, type HttpMethod, type ServiceName, type LocalOperation } from './routing/route.table';
export { buildOpenApiDocument, openApiDocument } from './openapi';
export { hashToken, generateToken } from './api-keys/api-key.tokens';
