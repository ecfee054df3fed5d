import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fixturesDir } from '@test-support/vendored';
import { startMockMaster } from './start';

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'mock-start-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function loginToken(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    body: JSON.stringify({ username, password, isHashed: false }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

describe('startMockMaster', () => {
  it('listens on 127.0.0.1 on a free port and removes its temporary storage on stop', async () => {
    const mock = await startMockMaster({ seed: 2 });
    const root = mock.state.storage.root;
    expect(mock.url).toBe(`http://127.0.0.1:${mock.port}`);
    expect(existsSync(root)).toBe(true);
    await mock.stop();
    expect(existsSync(root)).toBe(false);
  });

  it('keeps a storage directory it was given', async () => {
    const storageDir = path.join(scratch, 'storage');
    const mock = await startMockMaster({ storageDir });
    await mock.stop();
    expect(existsSync(storageDir)).toBe(true);
  });

  it('answers a response that violates the spec with a 500 by default', async () => {
    const mock = await startMockMaster({
      handlers: { GetExperimentLabels: () => ({ json: { labels: [7] } }) },
    });
    try {
      const token = await loginToken(mock.url, 'determined', '');
      const res = await fetch(`${mock.url}/api/v1/experiment/labels`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(500);
      expect(mock.responseViolations).toHaveLength(1);
    } finally {
      await mock.stop();
    }
  });

  it('preloads a YAML scenario file whose users can log in with their passwords', async () => {
    const file = path.join(scratch, 'scenario.yaml');
    writeFileSync(
      file,
      [
        'users: [{username: alice, password: Secret123}]',
        'experiments:',
        '  - name: preloaded',
        '    owner: alice',
        '    config: {searcher: {name: single, metric: validation_loss, max_length: {batches: 100}}}',
      ].join('\n'),
    );
    const mock = await startMockMaster({ scenario: file, validateResponses: 'record' });
    try {
      const token = await loginToken(mock.url, 'alice', 'Secret123');
      const res = await fetch(`${mock.url}/api/v1/experiments?limit=10`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await res.json()) as { experiments: Array<{ name: string; username: string }> };
      expect(body.experiments).toEqual([expect.objectContaining({ name: 'preloaded', username: 'alice' })]);
      expect(mock.responseViolations).toEqual([]);
    } finally {
      await mock.stop();
    }
  });

  it('rejects an inconsistent scenario', async () => {
    await expect(
      startMockMaster({ scenario: { experiments: [{ name: 'x', owner: 'ghost' }] } }),
    ).rejects.toThrow('ghost');
  });
});

describe('startMockMaster with recorded fixtures', () => {
  it('serves the preloaded fixtures', async () => {
    const mock = await startMockMaster({ fixturesDir, validateResponses: 'record' });
    try {
      const token = await loginToken(mock.url, 'determined', '');
      const res = await fetch(`${mock.url}/api/v1/experiments/1`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ experiment: { id: 1, name: 'gan_mnist_pytorch_const' } });
      expect(mock.responseViolations).toEqual([]);
    } finally {
      await mock.stop();
    }
  });
});
