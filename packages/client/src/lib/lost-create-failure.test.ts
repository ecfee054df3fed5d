import {
  AbortError,
  apiErrorFor,
  ConnectionError,
  InvalidArgumentError,
  TimeoutError,
  ValidationError,
} from '../core/errors';
import { classifyCreateFailure } from './lost-create-failure';

const networkError = (code: string): ConnectionError =>
  new ConnectionError(`could not reach the master (${code})`, {
    cause: Object.assign(new Error(code), { code }),
  });

const status = (code: number) => apiErrorFor({ status: code, method: 'POST', path: '/api/v1/models' });

describe('classifyCreateFailure: what a failed create request says about the object', () => {
  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT'])(
    'a connection that could not be made (%s) sent nothing: not-sent',
    (code) => {
      expect(classifyCreateFailure(networkError(code))).toBe('not-sent');
    },
  );

  it('a failed TLS certificate check happens before the request is sent: not-sent', () => {
    expect(classifyCreateFailure(networkError('DEPTH_ZERO_SELF_SIGNED_CERT'))).toBe('not-sent');
  });

  it.each(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE'])('a connection cut after sending (%s): lost', (code) => {
    expect(classifyCreateFailure(networkError(code))).toBe('lost');
  });

  it('a ConnectionError without a network cause is taken as lost (it may have been sent)', () => {
    expect(classifyCreateFailure(new ConnectionError('socket hang up'))).toBe('lost');
  });

  it.each([500, 502, 503, 507])('HTTP %i, possibly from a proxy after forwarding: lost', (code) => {
    expect(classifyCreateFailure(status(code))).toBe('lost');
  });

  it('a timeout (ours or a 504) may leave the master still working: pending', () => {
    expect(classifyCreateFailure(new TimeoutError('POST /api/v1/models timed out'))).toBe('pending');
    expect(classifyCreateFailure(status(504))).toBe('pending');
  });

  it.each([400, 401, 403, 404, 409, 429, 501])('HTTP %i is the master refusing: answered', (code) => {
    expect(classifyCreateFailure(status(code))).toBe('answered');
  });

  it('an abort, a client-side error or a foreign value stands as it is: answered', () => {
    expect(classifyCreateFailure(new AbortError('aborted'))).toBe('answered');
    expect(classifyCreateFailure(new InvalidArgumentError('bad'))).toBe('answered');
    expect(classifyCreateFailure(new ValidationError('bad body'))).toBe('answered');
    expect(classifyCreateFailure(new Error('plain'))).toBe('answered');
    expect(classifyCreateFailure('text')).toBe('answered');
  });
});
