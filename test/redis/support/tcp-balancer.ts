// A small TCP load balancer standing in for nginx in front of the nodes: each new connection goes
// to the next backend that accepts it (round robin, or a preferred one first), so when a node dies
// its clients' reconnections land on the others, as with nginx's proxy_next_upstream.
import net from 'node:net';

export class TcpBalancer {
  /** New connections try this backend first (null: round robin). */
  prefer: number | null = null;
  private next = 0;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    private readonly backends: number[],
  ) {}

  static async start(backends: number[]): Promise<TcpBalancer> {
    const server = net.createServer();
    const balancer = new TcpBalancer(server, backends);
    server.on('connection', (client) => balancer.route(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return balancer;
  }

  get url(): string {
    const address = this.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private order(): number[] {
    const start = this.next++ % this.backends.length;
    const rotated = [...this.backends.slice(start), ...this.backends.slice(0, start)];
    return this.prefer === null ? rotated : [this.prefer, ...rotated.filter((p) => p !== this.prefer)];
  }

  private route(client: net.Socket): void {
    this.track(client);
    client.pause();
    const tryNext = (candidates: number[]): void => {
      const port = candidates[0];
      if (port === undefined) {
        client.destroy();
        return;
      }
      const upstream = net.connect(port, '127.0.0.1');
      upstream.once('error', () => {
        upstream.destroy();
        tryNext(candidates.slice(1));
      });
      upstream.once('connect', () => {
        this.track(upstream);
        upstream.removeAllListeners('error');
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryNext(this.order());
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }
}
