import net from 'node:net';
import { inject } from 'vitest';

/**
 * A TCP proxy in front of the test PostgreSQL, to take the database away from a running app as an
 * outage would: `close()` stops listening and drops every connection (connecting is then refused),
 * `silence()` keeps accepting connections but never answers (a network that drops packets), and
 * `open()` forwards again on the same port.
 */
export class DatabaseProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private silent = false;
  port = 0;

  /** The URL of `database` through the proxy. */
  url(database: string): string {
    const server = new URL(inject('postgres').adminUrl);
    return `postgresql://${server.username}:${server.password}@127.0.0.1:${this.port}/${database}`;
  }

  async open(): Promise<this> {
    this.silent = false;
    if (this.server) return this;
    const admin = new URL(inject('postgres').adminUrl);
    const socketDir = admin.searchParams.get('host');
    const target = socketDir
      ? { path: `${socketDir}/.s.PGSQL.${admin.port}` }
      : { host: admin.hostname, port: Number(admin.port) };
    const server = net.createServer((client) => {
      this.track(client);
      if (this.silent) return;
      const upstream = net.connect(target);
      this.track(upstream);
      client.pipe(upstream).pipe(client);
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Accepts connections but never answers; what was connected is dropped. */
  silence(): void {
    this.silent = true;
    this.dropAll();
  }

  /** Stops listening and drops every connection: connecting is refused. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.dropAll();
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  private track(socket: net.Socket) {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
  }

  private dropAll() {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}
