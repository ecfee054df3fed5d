export type { AgentUserGroup, ApiUser, NewUser, UserPatch } from './auth';
export { passwordMatches, saltAndHash, UserStore } from './auth';
export { GrpcCode, grpcReason, httpStatusForGrpc, MockHttpError } from './errors';
export type { ActiveFault, FaultController, FaultSpec, FaultStatus } from './faults/types';
export { MOCK_MASTER_VERSION } from './handlers/auth';
export type { ScenarioFile } from './seed';
export type { TlsOptions } from './server/http-server';
export type { MockLogger } from './server/logger';
export { createMockServer, type MockServer, type MockServerOptions } from './server/mock-server';
export type { ApiDescription, OperationInfo, OperationParameter, SchemaLike } from './server/operation-types';
export { type Pagination, paginate } from './server/paginate';
export {
  assertNoResponseViolations,
  formatViolations,
  type ResponseValidationMode,
  type ResponseViolation,
} from './server/response-validation';
export {
  type MockMaster,
  type MockWebhooks,
  type StartMockMasterOptions,
  startMockMaster,
} from './server/start';
export type {
  Handler,
  MockContext,
  MockRequest,
  MockResponse,
  MockUser,
} from './server/types';
export {
  type EchoErrorBody,
  echoErrorBody,
  type MasterErrorBody,
  masterErrorBody,
} from './server/wire-errors';
export type { MockState } from './state';
