import type { IncomingMessage, ServerResponse } from 'node:http';
import { GrpcCode, MockHttpError } from '../errors';
import type { FaultRegistry } from '../faults/fault-registry';
import { parseRequestBody, readBody } from './body';
import type { OperationInfo } from './operation-types';
import { sendJson } from './respond';
import type { ResponseValidator } from './response-validation';
import { masterErrorBody } from './wire-errors';

/** What the `/__mock/` control endpoints act on. */
export interface ControlDeps {
  faults: FaultRegistry;
  validator: ResponseValidator;
  bodyLimitBytes: number;
}

// Only its body parameter matters: it makes parseRequestBody parse (without a schema) the JSON body.
const FAULT_BODY: OperationInfo = {
  operationId: '__mock_add_fault',
  method: 'post',
  path: '/__mock/faults',
  tags: [],
  streaming: false,
  produces: [],
  parameters: [{ name: 'body', in: 'body', required: true, type: 'object' }],
  requestSchema: null,
  responseSchema: null,
};

async function answer(deps: ControlDeps, req: IncomingMessage, pathname: string): Promise<unknown> {
  const method = req.method ?? 'GET';
  if (pathname === '/__mock/faults') {
    if (method === 'GET') return { faults: deps.faults.list() };
    if (method === 'DELETE') {
      deps.faults.clear();
      return {};
    }
    if (method === 'POST') {
      const spec = parseRequestBody(FAULT_BODY, await readBody(req, deps.bodyLimitBytes), {
        operations: {},
        schemas: {},
      });
      return { id: deps.faults.add(spec as Parameters<FaultRegistry['add']>[0]) };
    }
  }
  const faultId = /^\/__mock\/faults\/([^/]+)$/.exec(pathname)?.[1];
  if (faultId !== undefined && method === 'DELETE') {
    if (deps.faults.remove(decodeURIComponent(faultId))) return {};
    throw new MockHttpError(404, GrpcCode.NotFound, `fault ${faultId} not found`);
  }
  if (pathname === '/__mock/violations' && method === 'GET') return { violations: deps.validator.violations };
  throw new MockHttpError(404, GrpcCode.NotFound, 'Not Found');
}

/**
 * The mock's own control endpoints, so a mock started from the CLI can be driven from any
 * language: `POST /__mock/faults` (a fault spec; answers `{id}`), `GET /__mock/faults`,
 * `DELETE /__mock/faults`, `DELETE /__mock/faults/{id}` and `GET /__mock/violations`.
 */
export function createControlRoutes(deps: ControlDeps) {
  return async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> => {
    try {
      await sendJson(res, { status: 200, body: await answer(deps, req, pathname), fault: null });
    } catch (error) {
      const known = error instanceof MockHttpError;
      const body = masterErrorBody(known ? error.grpcCode : GrpcCode.Internal, (error as Error).message);
      await sendJson(res, { status: known ? error.status : 500, body, fault: null });
    }
  };
}
