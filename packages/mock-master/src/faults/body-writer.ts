import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultSpec } from './types';

type BodyFault = Pick<FaultSpec, 'reset' | 'truncate' | 'slowBodyBytesPerSec'>;

/** True when a fault changes how a body is sent (so the body must not announce a Content-Length). */
export function altersBody(fault: BodyFault | null): boolean {
  return fault !== null && (fault.truncate !== undefined || fault.reset === 'during-body');
}

/**
 * Writes a response body while applying the body faults: `truncate` ends the response cleanly after
 * `afterBytes`, `reset: 'during-body'` destroys the connection after half of the first chunk, and
 * `slowBodyBytesPerSec` trickles the bytes out.
 */
export class BodyWriter {
  private written = 0;
  private closed = false;
  private readonly gone: Promise<void>;

  constructor(
    private readonly res: ServerResponse,
    private readonly fault: BodyFault | null,
  ) {
    this.gone = new Promise((resolve) => res.once('close', () => resolve()));
  }

  /** False once the body was cut short or the client went away: the caller should stop producing. */
  get open(): boolean {
    return !this.closed && !this.res.destroyed;
  }

  /** Writes a chunk; resolves false when no more data should be produced. */
  async write(chunk: Buffer): Promise<boolean> {
    if (!this.open) return false;
    if (this.fault?.reset === 'during-body') {
      await this.send(chunk.subarray(0, Math.floor(chunk.length / 2)));
      this.closed = true;
      this.res.destroy();
      return false;
    }
    const limit = this.fault?.truncate?.afterBytes;
    if (limit !== undefined && this.written + chunk.length >= limit) {
      await this.send(chunk.subarray(0, limit - this.written));
      this.closed = true;
      await this.finish();
      return false;
    }
    await this.send(chunk);
    return this.open;
  }

  /** Ends the body (no-op when it was already cut short). */
  async end(): Promise<void> {
    if (!this.open) return;
    this.closed = true;
    await this.finish();
  }

  private async finish(): Promise<void> {
    if (this.res.destroyed) return;
    const done = new Promise<void>((resolve) => this.res.end(() => resolve()));
    await Promise.race([done, this.gone]);
  }

  private async send(chunk: Buffer): Promise<void> {
    const rate = this.fault?.slowBodyBytesPerSec;
    if (rate === undefined) return this.sendRaw(chunk);
    const piece = Math.max(1, Math.round(rate / 20));
    for (let offset = 0; offset < chunk.length && !this.res.destroyed; offset += piece) {
      const part = chunk.subarray(offset, offset + piece);
      await this.sendRaw(part);
      await sleep((part.length / rate) * 1000);
    }
  }

  private async sendRaw(chunk: Buffer): Promise<void> {
    if (chunk.length === 0 || this.res.destroyed) return;
    this.written += chunk.length;
    const flushed = new Promise<void>((resolve) => {
      this.res.write(chunk, () => resolve());
    });
    await Promise.race([flushed, this.gone]);
  }
}
