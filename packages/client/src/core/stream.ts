import { Readable } from 'node:stream';
import { TimeoutError } from './errors';
import { mapBatches, parseNdjsonBatches, streamResultBatches } from './ndjson';
import { abortErrorFrom, classifyFailure, type FailureContext, mapFailure } from './retry';

/** An open streaming response, as the transport hands it over. */
export interface StreamExchange {
  /** The response body; iterated chunk by chunk, destroyed when the stream ends. */
  readonly body: AsyncIterable<unknown> & { destroy(error?: Error): unknown };
  /** Aborts the underlying request. */
  readonly controller: AbortController;
  /** Detaches the caller's signal and timers from the request. */
  readonly release: () => void;
  /** Response headers, when known (a download's `content-length` shapes its buffering). */
  readonly headers?: Readonly<Record<string, string | string[] | undefined>>;
}

/** Options of {@link openStream}. */
export interface OpenStreamOptions {
  /** Sends the request (with retries and error mapping) and returns the open response. */
  readonly open: () => Promise<StreamExchange>;
  /** Longest wait for the next chunk; `null`: none. */
  readonly idleTimeoutMs: number | null;
  readonly signal?: AbortSignal | undefined;
  /** Operation name for error messages. */
  readonly operation: string;
  /** Called with each `result` before it is yielded (may throw `ValidationError`). */
  readonly validate?: ((value: unknown) => void) | undefined;
}

function toBytes(chunk: unknown): Uint8Array | string {
  if (chunk instanceof Uint8Array || typeof chunk === 'string') return chunk;
  throw new TypeError(`unexpected body chunk of type ${typeof chunk}`);
}

/**
 * Pulls body chunks one at a time, each within the idle timeout; an abort or a timeout becomes
 * `AbortError`/`TimeoutError` (other failures are left to the NDJSON parser, which reports them as
 * `StreamError`).
 */
async function* guardedChunks(
  exchange: StreamExchange,
  options: OpenStreamOptions,
): AsyncGenerator<Uint8Array | string> {
  const iterator = exchange.body[Symbol.asyncIterator]();
  while (true) {
    if (options.signal?.aborted) throw abortErrorFrom(options.signal);
    let timedOut = false;
    const timer =
      options.idleTimeoutMs === null
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            const reason = new TimeoutError(`no data for ${options.idleTimeoutMs} ms`);
            exchange.controller.abort(reason);
            exchange.body.destroy(reason);
          }, options.idleTimeoutMs);
    let step: IteratorResult<unknown>;
    try {
      step = await iterator.next();
    } catch (error) {
      if (options.signal?.aborted) throw abortErrorFrom(options.signal);
      if (timedOut) {
        throw new TimeoutError(
          `stream ${options.operation} received no data for ${options.idleTimeoutMs} ms`,
          {
            cause: error,
          },
        );
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
    if (step.done) return;
    yield toBytes(step.value);
  }
}

/**
 * A lazy NDJSON stream, a batch at a time: the request is sent on the first `next()`; each batch
 * holds the validated `result`s of the lines one body chunk completed. `{"error": ...}` lines and
 * broken bodies raise `StreamError` (after the results before them); leaving the loop early (or
 * any failure) destroys the body, closing the connection.
 */
export async function* openStreamBatches<T>(
  options: OpenStreamOptions,
): AsyncGenerator<T[], void, undefined> {
  if (options.signal?.aborted) throw abortErrorFrom(options.signal);
  const exchange = await options.open();
  try {
    const results = streamResultBatches(parseNdjsonBatches(guardedChunks(exchange, options)), {
      operation: options.operation,
    });
    const validate = options.validate;
    const checked =
      validate === undefined
        ? results
        : mapBatches(results, (result) => {
            validate(result);
            return result;
          });
    for await (const batch of checked) yield batch as T[];
  } finally {
    exchange.release();
    exchange.body.destroy();
  }
}

/** {@link openStreamBatches}, one `result` at a time. */
export async function* openStream<T>(options: OpenStreamOptions): AsyncGenerator<T, void, undefined> {
  for await (const batch of openStreamBatches<T>(options)) {
    for (const result of batch) yield result;
  }
}

function mapDownloadFailure(error: unknown, context: FailureContext): Error {
  const failure = classifyFailure(error, { timedOut: false, aborted: context.signal?.aborted === true });
  return mapFailure(error, failure, context);
}

/** The generic guard, for bodies that are async iterables but not Node streams. */
function guardIterable(exchange: StreamExchange, context: FailureContext): Readable {
  async function* chunks(): AsyncGenerator<Uint8Array | string> {
    try {
      for await (const chunk of exchange.body) yield toBytes(chunk);
    } catch (error) {
      throw mapDownloadFailure(error, context);
    } finally {
      exchange.release();
      exchange.body.destroy();
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** Bytes a download buffers ahead of its consumer before it pauses the response. */
const DOWNLOAD_BUFFER_BYTES = 1024 * 1024;
/**
 * The last bytes of a response of known length are read without pausing: undici 7 fails a
 * response ("other side closed") if the server closes its idle keep-alive connection while the
 * parser is paused on the body's final bytes (nodejs/undici#5360), which happens whenever the
 * consumer (e.g. extracting many small files) lags the network by more than the server's
 * keep-alive timeout. Reading the tail promptly bounds that extra memory to this size.
 */
const DOWNLOAD_TAIL_BYTES = 16 * 1024 * 1024;

function contentLength(exchange: StreamExchange): number | null {
  const value = exchange.headers?.['content-length'];
  const length = typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isSafeInteger(length) && length >= 0 ? length : null;
}

/**
 * Wrap a download body as a byte `Readable` whose failures mid-body surface as the SDK's typed
 * errors (`ConnectionError`, `TimeoutError`, `AbortError`); ending or destroying it releases the
 * request. A Node stream body (undici's) is forwarded chunk by chunk from its events, with its
 * backpressure (except over the final {@link DOWNLOAD_TAIL_BYTES} of a response of known length),
 * so a multi-GiB download costs no promise per chunk.
 */
export function guardDownload(exchange: StreamExchange, context: FailureContext): Readable {
  const body = exchange.body;
  if (!(body instanceof Readable)) return guardIterable(exchange, context);
  const length = contentLength(exchange);
  let received = 0;
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    exchange.release();
  };
  const guarded = new Readable({
    highWaterMark: DOWNLOAD_BUFFER_BYTES,
    read() {
      body.resume();
    },
    destroy(error, callback) {
      release();
      body.destroy();
      callback(error);
    },
  });
  body.on('data', (chunk: unknown) => {
    if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
      guarded.destroy(new TypeError(`unexpected body chunk of type ${typeof chunk}`));
      return;
    }
    received += chunk.length;
    const inTail = length !== null && length - received <= DOWNLOAD_TAIL_BYTES;
    if (!guarded.push(chunk) && !inTail) body.pause();
  });
  let ended = false;
  body.once('end', () => {
    ended = true;
    release();
    guarded.push(null);
  });
  body.once('close', () => {
    if (ended || guarded.destroyed) return;
    const cut = Object.assign(new Error('the body closed before it ended'), {
      code: 'ERR_STREAM_PREMATURE_CLOSE',
    });
    guarded.destroy(mapDownloadFailure(cut, context));
  });
  // Errors after the guard was destroyed (e.g. undici's abort error) must still be listened to.
  body.on('error', (error: unknown) => {
    release();
    guarded.destroy(mapDownloadFailure(error, context));
  });
  return guarded;
}
