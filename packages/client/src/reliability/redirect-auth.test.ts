import { Determined } from '../determined';
import { startRawServer } from '../testing/raw-server';
import { capturingLogger } from './capture';

const ME = JSON.stringify({
  user: { id: 1, username: 'determined', admin: true, active: true, displayName: '', remote: false },
});

describe('redirects', () => {
  it.each([301, 302, 303, 307, 308])('a %i to another origin drops Authorization', async (status) => {
    const other = await startRawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(ME);
    });
    const master = await startRawServer((req, res) => {
      res.writeHead(status, { location: `${other.url}${req.url ?? '/'}` }).end();
    });
    const det = new Determined({
      master: master.url,
      token: 'tok-redirect-secret',
      user: 'determined',
      logger: capturingLogger(),
    });
    await det.whoami().catch(() => undefined);
    expect(master.requests[0]?.headers.authorization).toBe('Bearer tok-redirect-secret');
    expect(other.requests).toHaveLength(1);
    expect(other.requests[0]?.headers.authorization).toBeUndefined();
    await det.close();
    await master.close();
    await other.close();
  });

  it('a redirect within the same origin keeps Authorization', async () => {
    const master = await startRawServer((req, res) => {
      if (req.url?.startsWith('/moved')) res.writeHead(200, { 'content-type': 'application/json' }).end(ME);
      else res.writeHead(307, { location: `/moved${req.url ?? ''}` }).end();
    });
    const det = new Determined({
      master: master.url,
      token: 'tok-same-origin',
      user: 'determined',
      logger: capturingLogger(),
    });
    await det.whoami();
    expect(master.requests.map((r) => r.headers.authorization)).toStrictEqual([
      'Bearer tok-same-origin',
      'Bearer tok-same-origin',
    ]);
    await det.close();
    await master.close();
  });
});
