import { type FeedEvent, LiveFeed, type TickResult } from './live-feed';

/** One poll of a {@link ScriptedFeed}: what it publishes and appends, then its result or failure. */
interface Step {
  readonly publish?: Readonly<Record<string, unknown>>;
  readonly append?: Readonly<Record<string, unknown[]>>;
  readonly result?: TickResult;
  readonly fail?: Error;
}

/** A feed whose polls follow a script (the last step repeats); records how often it polled. */
class ScriptedFeed extends LiveFeed {
  polls = 0;
  constructor(private readonly script: readonly Step[]) {
    super({ pollMs: 5 });
  }
  protected async tick(): Promise<TickResult> {
    const step = this.script[Math.min(this.polls, this.script.length - 1)] ?? {};
    this.polls += 1;
    if (step.fail) throw step.fail;
    for (const [event, data] of Object.entries(step.publish ?? {})) this.publish(event, data);
    for (const [event, items] of Object.entries(step.append ?? {})) this.append(event, items);
    return step.result ?? 'continue';
  }
}

async function until(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('LiveFeed', () => {
  it('sends a replaceable event only when its value changes', async () => {
    const feed = new ScriptedFeed([
      { publish: { count: 1 } },
      { publish: { count: 1 } },
      { publish: { count: 2 }, result: 'finished' },
    ]);
    const seen: FeedEvent[] = [];
    feed.subscribe((event) => seen.push(event));
    await until(() => feed.polls === 3);
    await feed.close();
    expect(seen).toEqual([
      { event: 'count', data: 1 },
      { event: 'count', data: 2 },
    ]);
  });

  it('replays the latest values and every appended item to a late subscriber', async () => {
    const feed = new ScriptedFeed([
      { publish: { state: 'a' }, append: { points: [1, 2] } },
      { publish: { state: 'b' }, append: { points: [3] }, result: 'finished' },
    ]);
    const first: FeedEvent[] = [];
    feed.subscribe((event) => first.push(event));
    await until(() => feed.polls === 2);
    const late: FeedEvent[] = [];
    feed.subscribe((event) => late.push(event));
    await feed.close();
    expect(late).toEqual([
      { event: 'state', data: 'b' },
      { event: 'points', data: [1, 2, 3] },
    ]);
    expect(first.filter((e) => e.event === 'points').map((e) => e.data)).toEqual([[1, 2], [3]]);
  });

  it('reports a failing poll as a problem, keeps polling and clears the problem once polls work', async () => {
    const feed = new ScriptedFeed([{ fail: new TypeError('master unreachable') }, { result: 'finished' }]);
    const seen: FeedEvent[] = [];
    feed.subscribe((event) => seen.push(event));
    await until(() => feed.polls === 2);
    await feed.close();
    expect(seen).toEqual([
      { event: 'problem', data: { message: 'TypeError: master unreachable' } },
      { event: 'problem', data: { message: null } },
    ]);
  });

  it('stops polling when the last listener leaves and resumes for the next one', async () => {
    const feed = new ScriptedFeed([{}]);
    const unsubscribe = feed.subscribe(() => undefined);
    await until(() => feed.polls >= 2);
    unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const stoppedAt = feed.polls;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(feed.polls).toBe(stoppedAt);
    feed.subscribe(() => undefined);
    await until(() => feed.polls > stoppedAt);
    await feed.close();
  });

  it('does not poll again once a poll found nothing can change', async () => {
    const feed = new ScriptedFeed([{ result: 'finished' }]);
    feed.subscribe(() => undefined);
    await until(() => feed.polls === 1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    feed.subscribe(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(feed.polls).toBe(1);
    await feed.close();
  });

  it('rejects a poll interval that is not a positive number', () => {
    class Zero extends LiveFeed {
      constructor() {
        super({ pollMs: 0 });
      }
      protected async tick(): Promise<TickResult> {
        return 'finished';
      }
    }
    expect(() => new Zero()).toThrow(RangeError);
  });
});
