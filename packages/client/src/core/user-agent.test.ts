import { readFileSync } from 'node:fs';
import path from 'node:path';
import { json, startServer, transportFor } from '../testing/transport-harness';
import { SDK_VERSION, USER_AGENT } from './user-agent';

describe('User-Agent', () => {
  it('names the package version of the SDK', () => {
    const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(SDK_VERSION).toBe(manifest.version);
    expect(USER_AGENT).toBe(`determined-ts/${manifest.version} node/${process.versions.node}`);
  });

  it('is sent with every request, and a caller header of the same name wins', async () => {
    const server = await startServer((_req, res) => json(res, 200, {}));
    await transportFor(server).request('GET', '/api/v1/me');
    await transportFor(server, { headers: { 'user-agent': 'my-tool/2' } }).request('GET', '/api/v1/me');
    expect(server.requests.map((request) => request.headers['user-agent'])).toEqual([
      `determined-ts/${SDK_VERSION} node/${process.versions.node}`,
      'my-tool/2',
    ]);
  });
});
