import { DeterminedError, StreamError } from './errors';
import { isRecord } from './is-record';

/** One chunk of a streamed body: bytes (decoded as UTF-8) or already-decoded text. */
export type NdjsonChunk = Uint8Array | string;

const SKIP: unique symbol = Symbol('skip');

function parseLine(line: string, lineNumber: number): unknown {
  if (line.trim() === '') return SKIP;
  try {
    return JSON.parse(line);
  } catch (cause) {
    const preview = line.length > 200 ? `${line.slice(0, 200)}…` : line;
    throw new StreamError(`line ${lineNumber} of the stream is not valid JSON: ${preview}`, { cause });
  }
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

/**
 * Parse newline-delimited JSON from a chunked source, lazily: a chunk is pulled only when the
 * consumer asks for a value and every line of the previous chunk has been handed out. Only the
 * unfinished last line is kept (as pieces, joined once its newline arrives), so memory stays
 * proportional to the longest line. Blank lines are skipped; `\r\n` endings are accepted. A body
 * that ends in the middle of a line, or whose source fails, raises `StreamError`.
 */
export async function* parseNdjson(
  source: AsyncIterable<NdjsonChunk>,
): AsyncGenerator<unknown, void, undefined> {
  const decoder = new TextDecoder('utf-8');
  const pieces: string[] = [];
  let lineNumber = 0;
  for await (const chunk of chunksOf(source)) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let start = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      let line = text.slice(start, newline);
      if (pieces.length > 0) {
        pieces.push(line);
        line = pieces.join('');
        pieces.length = 0;
      }
      lineNumber += 1;
      const value = parseLine(line, lineNumber);
      if (value !== SKIP) yield value;
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    if (start < text.length) pieces.push(text.slice(start));
  }
  const rest = pieces.join('') + decoder.decode();
  if (rest.trim() !== '') {
    throw new StreamError(`the stream ended in the middle of line ${lineNumber + 1} (no final newline)`);
  }
}

function streamErrorMessage(error: Record<string, unknown>): string {
  if (typeof error.message === 'string' && error.message !== '') return error.message;
  if (typeof error.error === 'string' && error.error !== '') return error.error;
  return JSON.stringify(error);
}

/**
 * Unwrap grpc-gateway stream lines: `{"result": x}` yields `x`; `{"error": {...}}` raises
 * `StreamError` ("stream error during <operation>: <message>") carrying the error object.
 */
export async function* streamResults(
  lines: AsyncIterable<unknown>,
  options: { operation: string },
): AsyncGenerator<unknown, void, undefined> {
  for await (const line of lines) {
    if (!isRecord(line)) {
      throw new StreamError(`stream line of ${options.operation} is not a JSON object`);
    }
    if (isRecord(line.error)) {
      throw new StreamError(`stream error during ${options.operation}: ${streamErrorMessage(line.error)}`, {
        streamError: line.error,
      });
    }
    if (!('result' in line)) {
      throw new StreamError(`stream line of ${options.operation} has neither "result" nor "error"`);
    }
    yield line.result;
  }
}
