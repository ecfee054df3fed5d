import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { createWebSocketStream, WebSocketServer } from 'ws';
import type { MockState } from '../state/mock-state';
import { serveSsh } from './ssh-session';

const PROXY_PATH = /^\/proxy\/([^/?#]+)\/?(?:[?#].*)?$/;

function refuse(socket: Duplex, status: number, reason: string, message: string): void {
  const body = JSON.stringify({ message });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/**
 * The master's `/proxy/{taskId}/` WebSocket tunnel for shells (what `det shell open` runs
 * through `determined.cli.tunnel`): the tunnelled bytes reach the shell's simulated sshd while
 * the shell runs. Other upgrade requests are refused with 404.
 */
export function shellProxy(state: MockState): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  const wss = new WebSocketServer({ noServer: true });
  return (req, socket, head) => {
    const m = PROXY_PATH.exec(req.url ?? '');
    state.sync();
    const task = m?.[1] === undefined ? undefined : state.cluster.tasks.get(decodeURIComponent(m[1]));
    if (task === undefined || task.kind !== 'shell')
      return refuse(socket, 404, 'Not Found', 'service not found');
    if (state.cluster.stateOf(task) !== 'STATE_RUNNING')
      return refuse(socket, 503, 'Service Unavailable', `service ${task.taskId} is not running`);
    wss.handleUpgrade(req, socket, head, (ws) => {
      serveSsh(createWebSocketStream(ws), task);
    });
  };
}
