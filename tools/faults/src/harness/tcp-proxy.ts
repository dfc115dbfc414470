import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a broker that can hold back the broker's answers: each
 * chunk from the broker is passed on `delayMs` after it arrived (never before an
 * earlier chunk, so the byte stream stays in order when the delay changes).
 * Requests to the broker pass at once.
 */
export class SlowProxy {
  delayMs = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(readonly port: number) {}

  async start(upstreamPort: number): Promise<void> {
    this.server = createServer((client) => {
      const upstream = createConnection({ host: '127.0.0.1', port: upstreamPort });
      this.sockets.add(client);
      this.sockets.add(upstream);
      // One FIFO per connection drained by one timer: separate timers per chunk
      // could fire out of order when the event loop lags, or a later chunk with
      // no wait could overtake a held one.
      const held: Array<{ chunk: Buffer; releaseAt: number }> = [];
      let timer: NodeJS.Timeout | undefined;
      let lastRelease = 0;
      const drain = () => {
        timer = undefined;
        const now = Date.now();
        while (held.length > 0 && held[0].releaseAt <= now) {
          const { chunk } = held.shift()!;
          if (client.writable) client.write(chunk);
        }
        if (held.length > 0) timer = setTimeout(drain, held[0].releaseAt - now);
      };
      client.on('data', (chunk) => upstream.write(chunk));
      upstream.on('data', (chunk: Buffer) => {
        const releaseAt = Math.max(Date.now() + this.delayMs, lastRelease);
        lastRelease = releaseAt;
        held.push({ chunk, releaseAt });
        if (held.length === 1 && timer === undefined) drain();
      });
      const close = () => {
        if (timer !== undefined) clearTimeout(timer);
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('close', close);
      upstream.on('close', () => setTimeout(close, Math.max(0, lastRelease - Date.now()) + 10));
      client.on('error', close);
      upstream.on('error', close);
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
