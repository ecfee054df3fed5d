import type { Duplex } from 'node:stream';
import { Client } from 'ssh2';
import { createWebSocketStream, WebSocket } from 'ws';
import { sshKeyPair } from '../cluster/ssh-keys';
import { testClient } from '../handlers/cluster-test-client';
import { startForTest } from '../testing/start-for-test';

type Obj = Record<string, unknown>;

async function tunnel(url: string, taskId: string): Promise<Duplex> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/proxy/${taskId}/`);
  // The stream takes the socket's messages from the start (the server speaks first).
  const stream = createWebSocketStream(ws);
  stream.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return stream;
}

// Runs one command over SSH through the tunnel; resolves its output and exit code.
function sshExec(sock: Duplex, auth: { username: string; privateKey: string }, command: string) {
  return new Promise<{ out: string; code: number }>((resolve, reject) => {
    const client = new Client();
    client.on('error', reject);
    client.on('ready', () => {
      client.exec(command, (err, channel) => {
        if (err) return reject(err);
        let out = '';
        let code = -1;
        channel.on('data', (d: Buffer) => {
          out += d.toString();
        });
        channel.stderr.on('data', (d: Buffer) => {
          out += d.toString();
        });
        channel.on('exit', (c: number) => {
          code = c;
        });
        channel.on('close', () => {
          client.end();
          resolve({ out, code });
        });
      });
    });
    client.connect({ sock, ...auth, hostVerifier: () => true });
  });
}

describe("the /proxy/{id}/ tunnel to a shell's simulated sshd", () => {
  const env = startForTest({ speed: 0, seed: 21 });
  const admin = testClient(env);
  const owner = testClient(env, 'shelluser');
  let shell: Obj;
  beforeAll(async () => {
    await admin.login();
    const agentUserGroup = { agentUid: 1234, agentGid: 1234, agentUser: 'someuser', agentGroup: 'somegroup' };
    await admin.json('POST', '/api/v1/users', {
      user: { username: 'shelluser', admin: false, active: true, agentUserGroup },
      password: '',
      isHashed: true,
    });
    await owner.login();
    shell = (await owner.json('POST', '/api/v1/shells', { config: {} })).shell as Obj;
    env.mock.state.advance(10_000);
  });

  it("runs a command as the shell's agent user, with its key pair and environment", async () => {
    const got = (await owner.json('GET', `/api/v1/shells/${shell.id as string}`)).shell as Obj;
    expect(got.state).toBe('STATE_RUNNING');
    const auth = { username: 'someuser', privateKey: got.privateKey as string };
    const sock = await tunnel(env.url, shell.id as string);
    const result = await sshExec(
      sock,
      auth,
      'bash -c echo; echo $(id -u -n):$(id -u):$(id -g -n):$(id -g); printenv DET_TASK_ID',
    );
    expect(result).toEqual({ out: `\nsomeuser:1234:somegroup:1234\n${shell.id as string}\n`, code: 0 });
    const failing = await sshExec(await tunnel(env.url, shell.id as string), auth, 'python3 -c 1');
    expect(failing).toEqual({
      out: 'python3: not simulated by the mock master (it runs no containers)\n',
      code: 127,
    });
  });

  it('runs each line of an interactive login in the simulated shell until exit', async () => {
    const got = (await owner.json('GET', `/api/v1/shells/${shell.id as string}`)).shell as Obj;
    const sock = await tunnel(env.url, shell.id as string);
    const transcript = await new Promise<string>((resolve, reject) => {
      const client = new Client();
      client.on('error', reject);
      client.on('ready', () => {
        client.shell(false, (err, channel) => {
          if (err) return reject(err);
          let out = '';
          channel.on('data', (d: Buffer) => {
            out += d.toString();
          });
          channel.on('close', () => {
            client.end();
            resolve(out);
          });
          channel.end('whoami\necho "$DET_USER"\nexit\n');
        });
      });
      client.connect({
        sock,
        username: 'someuser',
        privateKey: got.privateKey as string,
        hostVerifier: () => true,
      });
    });
    expect(transcript).toBe('someuser$ someuser\nsomeuser$ shelluser\nsomeuser$ ');
  });

  it('refuses another key, another user, and services that are not running shells', async () => {
    const other = sshKeyPair('42'.repeat(32)).privateKey;
    const got = (await owner.json('GET', `/api/v1/shells/${shell.id as string}`)).shell as Obj;
    await expect(
      sshExec(await tunnel(env.url, shell.id as string), { username: 'someuser', privateKey: other }, 'id'),
    ).rejects.toThrow(/authentication methods failed/);
    await expect(
      sshExec(
        await tunnel(env.url, shell.id as string),
        { username: 'root', privateKey: got.privateKey as string },
        'id',
      ),
    ).rejects.toThrow(/authentication methods failed/);
    await expect(tunnel(env.url, 'no-such-task')).rejects.toThrow('Unexpected server response: 404');
    await owner.json('POST', `/api/v1/shells/${shell.id as string}/kill`);
    env.mock.state.advance(10_000);
    await expect(tunnel(env.url, shell.id as string)).rejects.toThrow('Unexpected server response: 503');
  });
});
