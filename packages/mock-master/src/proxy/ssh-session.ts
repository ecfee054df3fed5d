import { timingSafeEqual } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Connection, ServerChannel } from 'ssh2';
import * as ssh2Namespace from 'ssh2';
import { sshKeyPair } from '../cluster/ssh-keys';
import type { TaskRecord } from '../cluster/task-records';
import { runSimulated } from '../cluster/task-shell';

// ssh2 is CommonJS whose `Server` and `utils` Node's ESM loader cannot name (a named import of
// them fails to link in the ESM build): take them from the module object, which both builds have.
const ssh2 = (ssh2Namespace as { default?: typeof ssh2Namespace }).default ?? ssh2Namespace;
const { Server, utils } = ssh2;

const EXIT_WORDS = new Set(['exit', 'logout']);

function writeRun(channel: ServerChannel, command: string, task: TaskRecord, pty: boolean): number {
  const run = runSimulated({
    argv: ['/bin/sh', '-c', command],
    env: task.environment,
    identity: task.identity,
  });
  const eol = pty ? '\r\n' : '\n';
  for (const line of run.lines) {
    if (line.stream === 'stderr' && !pty) channel.stderr.write(`${line.text}\n`);
    else channel.write(`${line.text}${eol}`);
  }
  return run.exitCode;
}

// An interactive login: each line typed runs in the simulated shell (echoed back on a pty).
function interactive(channel: ServerChannel, task: TaskRecord, pty: boolean): void {
  const prompt = `${task.identity.user}$ `;
  let line = '';
  channel.write(prompt);
  channel.on('data', (data: Buffer) => {
    for (const ch of data.toString('utf8')) {
      if (ch === '\x04' || ch === '\x03') {
        channel.exit(0);
        channel.end();
        return;
      }
      if (ch === '\r' || ch === '\n') {
        if (pty) channel.write('\r\n');
        const command = line.trim();
        line = '';
        if (EXIT_WORDS.has(command)) {
          channel.exit(0);
          channel.end();
          return;
        }
        if (command !== '') writeRun(channel, command, task, pty);
        channel.write(prompt);
      } else if (ch === '\x7f' || ch === '\b') {
        if (line.length > 0 && pty) channel.write('\b \b');
        line = line.slice(0, -1);
      } else {
        line += ch;
        if (pty) channel.write(ch);
      }
    }
  });
}

function serveClient(client: Connection, task: TaskRecord): void {
  const allowed = utils.parseKey(task.publicKey);
  client.on('authentication', (ctx) => {
    const key = allowed instanceof Error ? null : allowed;
    if (
      ctx.method !== 'publickey' ||
      key === null ||
      ctx.username !== task.identity.user ||
      ctx.key.algo !== key.type ||
      !timingSafeEqual(ctx.key.data, key.getPublicSSH())
    )
      return ctx.reject(['publickey']);
    if (ctx.signature && ctx.blob && key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true)
      return ctx.reject();
    ctx.accept();
  });
  client.on('ready', () => {
    client.on('session', (acceptSession) => {
      const session = acceptSession();
      let pty = false;
      session.on('pty', (accept) => {
        pty = true;
        accept?.();
      });
      session.on('env', (accept) => accept?.());
      session.on('window-change', (accept) => accept?.());
      session.on('exec', (accept, _reject, info) => {
        const channel = accept();
        channel.exit(writeRun(channel, info.command, task, pty));
        channel.end();
      });
      session.on('shell', (accept) => interactive(accept(), task, pty));
    });
  });
  client.on('error', () => client.end());
}

/**
 * Serves SSH over a tunnelled byte stream as the shell container's sshd would: the shell's own
 * key pair authenticates its agent user, and commands (`ssh ... <command>`) and interactive
 * lines run in the mock's simulated shell with the shell's identity and environment. The host
 * key derives from the container id, so it is stable for a shell.
 */
export function serveSsh(stream: Duplex, task: TaskRecord): void {
  const hostKey = sshKeyPair(task.containerId.slice(0, 64), 'mock-shell-host').privateKey;
  const server = new Server({ hostKeys: [hostKey] }, (client) => serveClient(client, task));
  stream.on('error', () => stream.destroy());
  // ssh2 types injectSocket as a net.Socket but reads and writes it as any Duplex (only the
  // optional remoteAddress/setNoDelay are net-specific and are checked before use).
  server.injectSocket(stream as unknown as Socket);
}
