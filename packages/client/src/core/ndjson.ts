import { DeterminedError, StreamError } from './errors';
import { isRecord } from './is-record';

/** One chunk of a streamed body: bytes (decoded as UTF-8) or already-decoded text. */
export type NdjsonChunk = Uint8Array | string;

function parseLine(line: string, lineNumber: number, out: unknown[]): void {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (cause) {
    if (line.trim() === '') return;
    const preview = line.length > 200 ? `${line.slice(0, 200)}…` : line;
    throw new StreamError(`line ${lineNumber} of the stream is not valid JSON: ${preview}`, { cause });
  }
  out.push(value);
}

/**
 * Pulls chunks from the source one at a time, converting a failure of the source into a
 * `StreamError` (unless it is already one of the SDK's errors, e.g. an abort or a timeout).
 */
async function* chunksOf(source: AsyncIterable<NdjsonChunk>): AsyncGenerator<NdjsonChunk, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    while (true) {
      let step: IteratorResult<NdjsonChunk>;
      try {
        step = await iterator.next();
      } catch (cause) {
        if (cause instanceof DeterminedError) throw cause;
        throw new StreamError('the stream broke before it ended (connection lost mid-body)', { cause });
      }
      if (step.done) return;
      yield step.value;
    }
  } finally {
    await iterator.return?.();
  }
}

const NEWLINE = 0x0a;

function asBuffer(chunk: NdjsonChunk): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * Splits bytes into complete lines. Only complete lines are decoded (a newline byte never falls
 * inside a multi-byte UTF-8 character), so no decoder state is carried between chunks; the bytes
 * after the last newline wait, as slices of their chunks, until their line is complete.
 */
class LineSplitter {
  #pending: Buffer[] = [];
  #lineNumber = 0;
  #failure: unknown;

  /** Parse every line the chunk completes, in order. */
  push(chunk: NdjsonChunk): unknown[] {
    const bytes = asBuffer(chunk);
    const values: unknown[] = [];
    const last = bytes.lastIndexOf(NEWLINE);
    if (last === -1) {
      if (bytes.length > 0) this.#pending.push(bytes);
      return values;
    }
    let text: string;
    if (this.#pending.length === 0) {
      text = bytes.toString('utf8', 0, last);
    } else {
      this.#pending.push(bytes.subarray(0, last));
      text = Buffer.concat(this.#pending).toString('utf8');
      this.#pending = [];
    }
    if (last + 1 < bytes.length) this.#pending.push(bytes.subarray(last + 1));
    let start = 0;
    let newline = text.indexOf('\n');
    try {
      while (newline !== -1) {
        this.#lineNumber += 1;
        parseLine(text.slice(start, newline), this.#lineNumber, values);
        start = newline + 1;
        newline = text.indexOf('\n', start);
      }
      this.#lineNumber += 1;
      parseLine(text.slice(start), this.#lineNumber, values);
    } catch (error) {
      this.#failure = error;
    }
    return values;
  }

  /** The parse error that ended the last `push` (its lines before the bad one were returned). */
  get failure(): unknown {
    return this.#failure;
  }

  /** The body ended: anything but whitespace after the last newline is a cut-off line. */
  end(): void {
    const rest = Buffer.concat(this.#pending).toString('utf8');
    if (rest.trim() !== '') {
      throw new StreamError(
        `the stream ended in the middle of line ${this.#lineNumber + 1} (no final newline)`,
      );
    }
  }
}

/**
 * Parse newline-delimited JSON from a chunked source, lazily, one batch per chunk: a chunk is
 * pulled only when the consumer asks for the next batch, and yields the values of every line it
 * completes (chunks that complete no line yield nothing). Only the unfinished last line is kept,
 * so memory stays proportional to the longest line. Blank lines are skipped; `\r\n` endings are
 * accepted. A body that ends in the middle of a line, or whose source fails, raises `StreamError`.
 */
export async function* parseNdjsonBatches(
  source: AsyncIterable<NdjsonChunk>,
): AsyncGenerator<unknown[], void, undefined> {
  const lines = new LineSplitter();
  for await (const chunk of chunksOf(source)) {
    const values = lines.push(chunk);
    if (values.length > 0) yield values;
    if (lines.failure !== undefined) throw lines.failure;
  }
  lines.end();
}

/** {@link parseNdjsonBatches}, one value at a time. */
export async function* parseNdjson(
  source: AsyncIterable<NdjsonChunk>,
): AsyncGenerator<unknown, void, undefined> {
  for await (const values of parseNdjsonBatches(source)) yield* values;
}

function streamErrorMessage(error: Record<string, unknown>): string {
  if (typeof error.message === 'string' && error.message !== '') return error.message;
  if (typeof error.error === 'string' && error.error !== '') return error.error;
  return JSON.stringify(error);
}

function resultOf(line: unknown, operation: string): unknown {
  if (!isRecord(line)) {
    throw new StreamError(`stream line of ${operation} is not a JSON object`);
  }
  if (isRecord(line.error)) {
    throw new StreamError(`stream error during ${operation}: ${streamErrorMessage(line.error)}`, {
      streamError: line.error,
    });
  }
  if (!('result' in line)) {
    throw new StreamError(`stream line of ${operation} has neither "result" nor "error"`);
  }
  return line.result;
}

/**
 * Apply `map` to each item of a batch, in order. If it throws, the items mapped before the
 * failure are still handed out (as a shorter batch) and the error is raised after them.
 */
export async function* mapBatches<T, U>(
  batches: AsyncIterable<readonly T[]>,
  map: (item: T) => U,
): AsyncGenerator<U[], void, undefined> {
  for await (const batch of batches) {
    const out: U[] = [];
    let failure: { error: unknown } | undefined;
    try {
      for (const item of batch) out.push(map(item));
    } catch (error) {
      failure = { error };
    }
    if (out.length > 0) yield out;
    if (failure !== undefined) throw failure.error;
  }
}

/**
 * Unwrap grpc-gateway stream lines, a batch at a time: `{"result": x}` gives `x`;
 * `{"error": {...}}` raises `StreamError` ("stream error during <operation>: <message>") carrying
 * the error object, after the results of the lines before it.
 */
export function streamResultBatches(
  lines: AsyncIterable<readonly unknown[]>,
  options: { operation: string },
): AsyncGenerator<unknown[], void, undefined> {
  return mapBatches(lines, (line) => resultOf(line, options.operation));
}

/** {@link streamResultBatches} over single lines, one result at a time. */
export async function* streamResults(
  lines: AsyncIterable<unknown>,
  options: { operation: string },
): AsyncGenerator<unknown, void, undefined> {
  for await (const line of lines) yield resultOf(line, options.operation);
}
