import { operationTable } from '@determined-ts/bindings';
import type { OperationInfo } from './operation-types';
import { Router, splitPath } from './router';

const router = new Router(Object.values(operationTable));

function route(method: string, path: string) {
  return router.match(method, splitPath(path) ?? []);
}

function sample(path: string, method: OperationInfo['method'] = 'get'): OperationInfo {
  return {
    operationId: `${method} ${path}`,
    method,
    path,
    tags: [],
    streaming: false,
    produces: [],
    parameters: [],
    requestSchema: null,
    responseSchema: null,
  };
}

describe('Router', () => {
  it('prefers a literal segment over a parameter', () => {
    const result = route('GET', '/api/v1/users/setting');
    expect(result).toMatchObject({ kind: 'match', op: { operationId: 'GetUserSetting' } });
    expect(route('GET', '/api/v1/users/42')).toMatchObject({
      kind: 'match',
      op: { operationId: 'GetUser' },
      rawPathParams: { userId: '42' },
    });
  });

  it('routes model version paths by their literal tails', () => {
    expect(route('GET', '/api/v1/models/mnist/versions')).toMatchObject({
      op: { operationId: 'GetModelVersions' },
    });
    expect(route('POST', '/api/v1/models/mnist/versions')).toMatchObject({
      op: { operationId: 'PostModelVersion' },
    });
    expect(route('GET', '/api/v1/models/mnist/versions/3')).toMatchObject({
      op: { operationId: 'GetModelVersion' },
      rawPathParams: { modelName: 'mnist', modelVersionNum: '3' },
    });
  });

  it('keeps dotted parameter names and picks the route by method', () => {
    expect(route('PATCH', '/api/v1/experiments/7')).toMatchObject({
      op: { operationId: 'PatchExperiment' },
      rawPathParams: { 'experiment.id': '7' },
    });
    expect(route('GET', '/api/v1/experiments/7')).toMatchObject({ rawPathParams: { experimentId: '7' } });
    expect(route('GET', '/api/v1/trials/9/profiler/metrics')).toMatchObject({
      rawPathParams: { 'labels.trialId': '9' },
    });
  });

  it('routes the plain HTTP endpoints outside /api/v1', () => {
    expect(route('GET', '/health')).toMatchObject({ op: { operationId: 'health' } });
    expect(route('GET', '/checkpoints/abc-123')).toMatchObject({
      op: { operationId: 'get-checkpoint' },
      rawPathParams: { checkpoint_uuid: 'abc-123' },
    });
  });

  it('decodes percent-encoded segments, keeping an encoded slash inside one parameter', () => {
    expect(route('GET', '/api/v1/models/a%2Fb%20c')).toMatchObject({ rawPathParams: { modelName: 'a/b c' } });
    expect(splitPath('/api/%E0%A4%A')).toBeNull();
  });

  it('reports a known path with the wrong method as not allowed, listing the allowed ones', () => {
    expect(route('PUT', '/api/v1/experiments/7')).toEqual({
      kind: 'method-not-allowed',
      allow: ['DELETE', 'GET', 'PATCH'],
    });
  });

  it('reports unknown paths, trailing slashes and empty parameters as not found', () => {
    expect(route('GET', '/api/v1/nope')).toEqual({ kind: 'not-found' });
    expect(route('GET', '/api/v1/experiments/')).toEqual({ kind: 'not-found' });
    expect(route('GET', '/api/v1/experiments//trials')).toEqual({ kind: 'not-found' });
  });

  it('reaches every operation of the table through its own template', () => {
    const unreachable = Object.values(operationTable).filter((op) => {
      const path = op.path.replace(/\{[^}]+\}/g, 'x1');
      const result = route(op.method.toUpperCase(), path);
      return result.kind !== 'match' || result.op.operationId !== op.operationId;
    });
    expect(unreachable.map((op) => `${op.method} ${op.path}`)).toEqual([]);
  });

  it('orders routes by the first differing segment, not by template order', () => {
    const local = new Router([sample('/a/{x}/c'), sample('/a/b/{y}')]);
    expect(local.match('GET', ['a', 'b', 'c'])).toMatchObject({ op: { operationId: 'get /a/b/{y}' } });
  });

  it('rejects templates with partial-segment parameters', () => {
    expect(() => new Router([sample('/files/{name}.json')])).toThrow('unsupported path template segment');
  });
});
