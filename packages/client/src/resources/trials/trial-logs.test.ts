import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fixturesDir } from '@test-support/vendored';
import { collect } from '../../core/collect';
import { InvalidArgumentError, TimeoutError } from '../../core/errors';
import { resetDeprecationWarnings } from '../../lib/deprecation';
import { LogLevel } from '../../lib/enums';
import { useHarness } from '../../testing/domain-fixtures';
import type { Reply } from '../../testing/recording-server';
import { createTestSession } from '../../testing/test-session';
import { Trial } from './trial';

const serve = useHarness();
const LOGS = '/api/v1/trials/1/logs';

function logLines(): { result: { message: string } }[] {
  return readFileSync(path.join(fixturesDir, 'trial_logs.json'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { result: { message: string } });
}

function logsRoute(reply: Reply = { ndjson: logLines() }) {
  return { method: 'GET', path: LOGS, reply };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The instant in this machine's local time as `YYYY-MM-DDTHH:MM:SS` + `Z`, as upstream sends it. */
function localWithZ(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${date}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}Z`;
}

describe('Trial logs (recorded trial_logs.json)', () => {
  it('scenario 28: integer timestamps are sent as local wall-clock time followed by Z', async () => {
    resetDeprecationWarnings();
    const { server, session } = await serve([logsRoute()]);
    await collect(new Trial(1, session).logs({ timestampBefore: 1689285229, timestampAfter: 1689280229 }));
    expect(server.requests[0]?.query).toEqual({
      follow: ['false'],
      timestampBefore: [localWithZ(1689285229)],
      timestampAfter: [localWithZ(1689280229)],
    });
  });

  it.each(['2021-10-26T23:17:12+04:00', '2021-10-26 23:17:12Z', '2021-10-26T23:17:12'])(
    'scenario 29: timestampBefore %s throws InvalidArgumentError when iteration starts, with no request',
    async (timestampBefore) => {
      const { server, session } = await serve([logsRoute()]);
      const logs = new Trial(1, session).logs({ timestampBefore });
      expect(server.requests).toHaveLength(0);
      const error = await logs.next().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(String(error)).toContain(`Timestamp ${timestampBefore} has an invalid format.`);
      expect(server.requests).toHaveLength(0);
    },
  );

  it.each([
    ['timestampBefore', '2021-10-26T23:17:12Z'],
    ['timestampBefore', '2021-10-26T23:17:12.0000Z'],
    ['timestampAfter', '2021-10-26T23:17:12Z'],
    ['timestampAfter', '2021-10-26T23:17:12.0000Z'],
  ])('scenario 30: %s %s is accepted, sent unchanged, and the log stream is read', async (key, value) => {
    const { server, session } = await serve([logsRoute()]);
    const lines = await collect(new Trial(1, session).logs({ [key]: value }));
    expect(lines).toHaveLength(logLines().length);
    expect(server.requests[0]?.query[key]).toEqual([value]);
  });

  it('yields each log message (with its newline) in stream order', async () => {
    const { session } = await serve([logsRoute()]);
    const lines = await collect(new Trial(1, session).iterLogs());
    expect(lines).toEqual(logLines().map((line) => line.result.message));
    expect(lines[0]).toMatch(/\n$/);
  });

  it('tail asks for the newest lines in descending order and yields them oldest first', async () => {
    const newestFirst = logLines().slice(-3).reverse();
    const { server, session } = await serve([logsRoute({ ndjson: newestFirst })]);
    const lines = await collect(new Trial(1, session).iterLogs({ tail: 3 }));
    expect(lines).toEqual(
      logLines()
        .slice(-3)
        .map((line) => line.result.message),
    );
    expect(server.requests[0]?.query).toEqual({
      follow: ['false'],
      limit: ['3'],
      orderBy: ['ORDER_BY_DESC'],
    });
  });

  it('sends head, minLevel and list filters as the upstream query', async () => {
    const { server, session } = await serve([logsRoute()]);
    await collect(
      new Trial(1, session).iterLogs({
        head: 5,
        minLevel: LogLevel.WARNING,
        containerIds: ['c1', 'c2'],
        rankIds: [0, 1],
        sources: ['agent'],
        stdtypes: ['stderr'],
        searchText: 'error text',
      }),
    );
    expect(server.requests[0]?.query).toEqual({
      follow: ['false'],
      limit: ['5'],
      levels: ['LOG_LEVEL_WARNING', 'LOG_LEVEL_ERROR', 'LOG_LEVEL_CRITICAL'],
      containerIds: ['c1', 'c2'],
      rankIds: ['0', '1'],
      sources: ['agent'],
      stdtypes: ['stderr'],
      searchText: ['error text'],
    });
  });

  it('follow with head is rejected on first iteration', async () => {
    const { server, session } = await serve([logsRoute()]);
    const logs = new Trial(1, session).iterLogs({ follow: true, head: 1 });
    await expect(logs.next()).rejects.toThrow('at most one of head, tail, or follow may be set');
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    [true, 'reads every line'],
    [false, 'times out'],
  ])(
    'with follow=%s and idleTimeoutMs 30, a stream pausing 150 ms between lines %s',
    async (follow, _outcome) => {
      const lines = logLines().slice(0, 2);
      const server = createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write(`${JSON.stringify(lines[0])}\n`);
        setTimeout(() => response.end(`${JSON.stringify(lines[1])}\n`), 150);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const session = createTestSession({ master: `http://127.0.0.1:${port}` });
        const logs = collect(new Trial(1, session).iterLogs({ follow, idleTimeoutMs: 30 }));
        if (follow) await expect(logs).resolves.toEqual(lines.map((line) => line.result.message));
        else await expect(logs).rejects.toThrow(TimeoutError);
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  );

  it('logs() warns once that it is deprecated, when called', async () => {
    resetDeprecationWarnings();
    const { session, logged } = await serve([logsRoute()]);
    const trial = new Trial(1, session);
    trial.logs();
    trial.logs();
    expect(logged.warn.filter((m) => m.includes('Trial.logs()'))).toHaveLength(1);
  });
});
