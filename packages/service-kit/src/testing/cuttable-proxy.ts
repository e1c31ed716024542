import net from 'node:net';

/**
 * A TCP proxy in front of a store (RabbitMQ, say) that a test can cut and restore. The client
 * sees exactly what an outage looks like (connections lost, reconnects refused, or a silent
 * network) while the shared store and every other test keep running. `up()` again listens on
 * the same port.
 */
export class CuttableProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private silent = false;
  port = 0;

  constructor(private readonly target: URL) {}

  get url(): string {
    const url = new URL(this.target);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  async up(): Promise<void> {
    if (this.server) return;
    const server = net.createServer((client) => {
      const upstream = net.connect(Number(this.target.port || 5672), this.target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.on('data', (chunk) => void (this.silent || upstream.write(chunk)));
      upstream.on('data', (chunk) => void (this.silent || client.write(chunk)));
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /**
   * Goes silent: stops forwarding bytes both ways but keeps every socket open (and accepts new
   * ones), so a publisher's confirms never come and nothing it sends arrives, without the
   * client seeing a disconnect. `cut()` ends it.
   */
  blackhole(): void {
    this.silent = true;
  }

  /** Drops every connection and refuses new ones, like a stopped broker. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.silent = false;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
