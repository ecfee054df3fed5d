/**
 * The body of `POST /api/v1/experiments` with a model definition, serialized as it is sent: the
 * base64 contents of the files are copied into the request chunk by chunk instead of being joined
 * into one JSON string of the whole body (tens of MiB, then copied again into a buffer).
 */
import { encodeJsonBody } from '../core/query';
import { PreparedJsonBody } from '../core/transport-body';
import type { ModelDefinitionEntry } from './model-context';

/** Size of the chunks handed to the socket. */
const CHUNK_BYTES = 1024 * 1024;

/** A JSON object whose `modelDefinition` is a list of `v1File`s (or `null`). */
export interface BodyWithModelDefinition {
  readonly modelDefinition: readonly ModelDefinitionEntry[] | null;
}

interface EncodedEntry {
  /** The entry's JSON up to the opening quote of `content`. */
  readonly head: string;
  /** The base64 content (ASCII, nothing to escape). */
  readonly content: string;
  /** The entry's JSON after the closing quote of `content`. */
  readonly tail: string;
}

/** Split the JSON of `value` around the value of its first `key`, serialized as `placeholder`. */
function splitAt(text: string, key: string, placeholder: string): [string, string] {
  const marker = `${JSON.stringify(key)}:${placeholder}`;
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`internal error: ${key} not found in the serialized body`);
  // The first unescaped occurrence is the key itself: quotes inside string values are escaped.
  const cut = at + marker.length - 1;
  return [text.slice(0, cut), text.slice(cut)];
}

function encodeEntry(entry: ModelDefinitionEntry): EncodedEntry {
  const [head, tail] = splitAt(encodeJsonBody({ ...entry, content: '' }) ?? '{}', 'content', '""');
  return { head, content: entry.content, tail };
}

/** Copies text into fixed-size buffers and hands each out when it is full. */
class ChunkWriter {
  #buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  #used = 0;

  /** Append a short text in UTF-8. */
  *text(text: string): Generator<Uint8Array> {
    yield* this.#latin1(Buffer.from(text).toString('latin1'));
  }

  /** Append an ASCII text (base64) without converting it whole. */
  *ascii(text: string): Generator<Uint8Array> {
    yield* this.#latin1(text);
  }

  /** Hand out what is left. */
  *flush(): Generator<Uint8Array> {
    if (this.#used > 0) yield this.#buffer.subarray(0, this.#used);
    this.#used = 0;
  }

  *#latin1(text: string): Generator<Uint8Array> {
    let at = 0;
    while (at < text.length) {
      if (this.#used === CHUNK_BYTES) {
        yield this.#buffer;
        this.#buffer = Buffer.allocUnsafe(CHUNK_BYTES);
        this.#used = 0;
      }
      const count = Math.min(text.length - at, CHUNK_BYTES - this.#used);
      this.#buffer.write(text.slice(at, at + count), this.#used, count, 'latin1');
      this.#used += count;
      at += count;
    }
  }
}

function* bodyChunks(head: string, entries: readonly EncodedEntry[], tail: string): Generator<Uint8Array> {
  const writer = new ChunkWriter();
  yield* writer.text(head);
  for (const [i, entry] of entries.entries()) {
    yield* writer.text(i === 0 ? entry.head : `,${entry.head}`);
    yield* writer.ascii(entry.content);
    yield* writer.text(entry.tail);
  }
  yield* writer.text(tail);
  yield* writer.flush();
}

/**
 * `body` serialized for the request: the same bytes as the transport's JSON encoding of it, with
 * the model definition's file contents copied into the request as it is sent.
 */
export function modelDefinitionBody<T extends BodyWithModelDefinition>(body: T): PreparedJsonBody<T> {
  const files = body.modelDefinition;
  if (files === null) {
    const bytes = Buffer.from(encodeJsonBody(body) ?? '');
    return new PreparedJsonBody({ byteLength: bytes.length, chunks: () => [bytes] });
  }
  const [head, tail] = splitAt(
    encodeJsonBody({ ...body, modelDefinition: [] }) ?? '{}',
    'modelDefinition',
    '[]',
  );
  const entries = files.map(encodeEntry);
  let byteLength = Buffer.byteLength(head) + Buffer.byteLength(tail) + Math.max(0, entries.length - 1);
  for (const entry of entries) {
    byteLength += Buffer.byteLength(entry.head) + entry.content.length + Buffer.byteLength(entry.tail);
  }
  return new PreparedJsonBody({ byteLength, chunks: () => bodyChunks(head, entries, tail) });
}
