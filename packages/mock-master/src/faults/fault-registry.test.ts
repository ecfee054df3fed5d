import { MockHttpError } from '../errors';
import { FaultRegistry } from './fault-registry';
import type { FaultTarget } from './types';

const target = (overrides: Partial<FaultTarget> = {}): FaultTarget => ({
  operationId: 'GetExperiment',
  method: 'GET',
  path: '/api/v1/experiments/7',
  pathTemplate: '/api/v1/experiments/{experimentId}',
  ...overrides,
});

describe('FaultRegistry', () => {
  it('applies a fault the given number of times, then drops it', () => {
    const faults = new FaultRegistry({ seed: 1 });
    faults.add({ operationId: 'GetExperiment', status: 503, times: 2 });
    expect(faults.take(target())?.status).toBe(503);
    expect(faults.take(target())?.status).toBe(503);
    expect(faults.take(target())).toBeNull();
    expect(faults.list()).toEqual([]);
  });

  it('matches by method and by a path template or a glob', () => {
    const faults = new FaultRegistry({ seed: 1 });
    faults.add({ method: 'post', pathPattern: '/api/v1/experiments/*', status: 500 });
    faults.add({ pathPattern: '/api/v1/experiments/{experimentId}', status: 502 });
    faults.add({ pathPattern: '/checkpoints/**', status: 504 });
    expect(faults.take(target({ method: 'POST' }))?.status).toBe(500);
    expect(faults.take(target())?.status).toBe(502);
    expect(faults.take(target({ path: '/checkpoints/a/b', pathTemplate: null }))?.status).toBe(504);
    expect(faults.take(target({ path: '/api/v1/experiments/7/trials', pathTemplate: null }))).toBeNull();
  });

  it('tries faults in the order they were added', () => {
    const faults = new FaultRegistry({ seed: 1 });
    faults.add({ operationId: 'GetExperiment', status: 500, times: 1 });
    faults.add({ operationId: 'GetExperiment', status: 504 });
    expect(faults.take(target())?.status).toBe(500);
    expect(faults.take(target())?.status).toBe(504);
  });

  it('draws probabilistic faults from the seed, reproducibly', () => {
    const pattern = (seed: number) => {
      const faults = new FaultRegistry({ seed });
      faults.add({ status: 503, probability: 0.5 });
      return Array.from({ length: 40 }, () => (faults.take(target()) ? 'x' : '.')).join('');
    };
    expect(pattern(7)).toBe(pattern(7));
    expect(pattern(7)).not.toBe(pattern(8));
    expect(pattern(7)).toMatch(/x/);
    expect(pattern(7)).toMatch(/\./);
  });

  it('removes one fault by id and clears all', () => {
    const faults = new FaultRegistry({ seed: 1 });
    const id = faults.add({ status: 500 });
    faults.add({ latencyMs: 5 });
    expect(faults.remove(id)).toBe(true);
    expect(faults.remove(id)).toBe(false);
    expect(faults.list()).toHaveLength(1);
    faults.clear();
    expect(faults.take(target())).toBeNull();
  });

  it('rejects specs without an effect or with bad fields, naming the field', () => {
    const faults = new FaultRegistry({ seed: 1 });
    expect(() => faults.add({ operationId: 'X' })).toThrow('needs at least one of');
    expect(() => faults.add({ status: 404 as 500 })).toThrow(MockHttpError);
    expect(() => faults.add({ status: 500, probability: 2 })).toThrow('field probability');
    expect(() => faults.add({ truncate: { afterBytes: -1 } })).toThrow('field truncate.afterBytes');
    expect(() => faults.add({ retryAfter: 1, latencyMs: 1 })).toThrow('retryAfter needs a status');
    expect(() => faults.add({ status: 503, reset: 'before-body' })).toThrow('cannot be combined');
  });
});
