import { createServer } from 'node:net';
import { type CliIo, runCli } from './cli-main';

function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line) };
}

describe('determined-mock-master CLI', () => {
  it('starts the mock, prints its URL first and serves requests', async () => {
    const io = captureIo();
    const result = await runCli(['--port', '0', '--seed', '9', '--speed', '50'], io);
    if (result.master === null) throw new Error(`did not start: ${io.stderr.join('\n')}`);
    try {
      expect(io.stdout).toEqual([result.master.url]);
      expect(result.master.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${result.master.url}/health`)).status).toBe(200);
    } finally {
      await result.master.stop();
    }
  });

  it('prints usage for --help', async () => {
    const io = captureIo();
    expect(await runCli(['--help'], io)).toEqual({ master: null, exitCode: 0 });
    expect(io.stdout[0]).toContain('Usage: determined-mock-master');
  });

  it.each([
    [['--port', 'eighty']],
    [['--validate-responses', 'loud']],
    [['--tls-key', 'key.pem']],
    [['--bogus']],
  ])('rejects bad arguments %j with exit code 2', async (argv) => {
    const io = captureIo();
    expect(await runCli(argv, io)).toEqual({ master: null, exitCode: 2 });
    expect(io.stderr.join('\n')).toMatch(/^determined-mock-master: .+\n\nUsage:/);
  });

  it('exits with code 1 when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const io = captureIo();
      expect(await runCli(['--port', String(port)], io)).toEqual({ master: null, exitCode: 1 });
      expect(io.stderr.join('\n')).toContain('cannot start');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
