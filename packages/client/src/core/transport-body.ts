import { Readable } from 'node:stream';
import { encodeJsonBody } from './query';

/**
 * Request bodies serialized ahead of the request as chunks of bytes (a model definition of tens of
 * MiB), instead of one JSON string: the transport sends the chunks with their total length.
 */

/**
 * A JSON request body already serialized: `chunks()` yields its bytes (a fresh sequence for every
 * attempt) and `byteLength` is their total length. `T` is the type of the value it encodes, so a
 * typed call accepts it where it accepts that value.
 */
export class PreparedJsonBody<T> {
  /** Total length of the chunks, in bytes (sent as `content-length`). */
  readonly byteLength: number;
  readonly #chunks: () => Iterable<Uint8Array>;
  /** Only for typing: the value this body encodes (never set). */
  declare readonly encodes?: T;

  constructor(options: { readonly byteLength: number; readonly chunks: () => Iterable<Uint8Array> }) {
    this.byteLength = options.byteLength;
    this.#chunks = options.chunks;
  }

  /** The body's bytes, from the start. */
  chunks(): Iterable<Uint8Array> {
    return this.#chunks();
  }
}

/** A request body as the transport sends it: JSON text, prepared chunks, or none. */
export type TransportBody = string | PreparedJsonBody<unknown> | undefined;

/** A JSON body as the transport sends it: prepared chunks as they are, anything else serialized. */
export function requestBody(body: unknown): TransportBody {
  return body instanceof PreparedJsonBody ? body : encodeJsonBody(body);
}

/** What undici sends: a fresh stream of a prepared body's chunks for every attempt. */
export function bodyToSend(body: TransportBody): string | Readable | null {
  if (body instanceof PreparedJsonBody) return Readable.from(body.chunks(), { objectMode: false });
  return body ?? null;
}
