/** Reads server-sent events in tests. */

/** One event as received. */
export interface ReceivedEvent {
  readonly event: string;
  readonly data: unknown;
}

/**
 * Opens `url` as an event stream and collects events until `done(events)` holds (then closes the
 * stream) or `timeoutMs` passes (then rejects, naming the events seen).
 */
export async function readEvents(
  url: string,
  done: (events: readonly ReceivedEvent[]) => boolean,
  timeoutMs = 10_000,
): Promise<ReceivedEvent[]> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const events: ReceivedEvent[] = [];
  try {
    const response = await fetch(url, { signal: abort.signal, headers: { accept: 'text/event-stream' } });
    if (response.headers.get('content-type')?.startsWith('text/event-stream') !== true) {
      throw new Error(`${url} answered ${response.status} ${await response.text()}`);
    }
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body ?? []) {
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (name !== undefined && data !== undefined) events.push({ event: name, data: JSON.parse(data) });
        end = buffer.indexOf('\n\n');
      }
      if (done(events)) return events;
    }
    throw new Error('the event stream ended');
  } catch (error) {
    if (abort.signal.aborted) {
      throw new Error(
        `no matching events within ${timeoutMs} ms; got ${events.map((e) => e.event).join(', ')}`,
      );
    }
    throw error;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}
