/** Process figures the soak run compares at start and end. */

/** Resident memory and the handles keeping the event loop alive. */
export interface Snapshot {
  readonly rss: number;
  readonly heapUsed: number;
  readonly handles: number;
  readonly kinds: Readonly<Record<string, number>>;
}

/** The figures now. */
export function snapshot(): Snapshot {
  const kinds: Record<string, number> = {};
  const resources = process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap');
  for (const kind of resources) kinds[kind] = (kinds[kind] ?? 0) + 1;
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed, handles: resources.length, kinds };
}

/** One line: `rss 80.1 MiB, heap 30.2 MiB, 3 handles {"TCPServerWrap":1,...}`. */
export function formatSnapshot(s: Snapshot): string {
  const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `rss ${mib(s.rss)}, heap ${mib(s.heapUsed)}, ${s.handles} handles ${JSON.stringify(s.kinds)}`;
}
