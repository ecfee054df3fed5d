/** A TCP relay in front of a server that counts the connections clients open through it. */
import net from 'node:net';

/** A running relay. */
export interface SocketCounter {
  /** `http://127.0.0.1:<port>` of the relay. */
  readonly url: string;
  /** Connections accepted so far. */
  readonly opened: number;
  /** Connections open right now, and the most that were open at once. */
  readonly open: number;
  readonly peakOpen: number;
  close(): Promise<void>;
}

/** Relay 127.0.0.1:<ephemeral> to `target` (an `http://host:port` URL), counting connections. */
export async function startSocketCounter(target: string): Promise<SocketCounter> {
  const { hostname, port } = new URL(target);
  let opened = 0;
  let open = 0;
  let peakOpen = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    opened += 1;
    open += 1;
    peakOpen = Math.max(peakOpen, open);
    const upstream = net.connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const done = (): void => {
      if (!sockets.delete(client)) return;
      sockets.delete(upstream);
      open -= 1;
      client.destroy();
      upstream.destroy();
    };
    client.on('close', done).on('error', done);
    upstream.on('close', done).on('error', done);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    get opened() {
      return opened;
    },
    get open() {
      return open;
    },
    get peakOpen() {
      return peakOpen;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
