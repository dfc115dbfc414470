import { createConnection, createServer, type Server } from 'node:net';
import { freePort } from './ports';
import { SlowProxy } from './tcp-proxy';

/** The slow-broker scenario's proxy: answers held back by the delay, requests not, and the byte order kept when the delay drops. */
describe('SlowProxy', () => {
  let echo: Server;
  let proxy: SlowProxy;

  beforeAll(async () => {
    echo = createServer((socket) => socket.pipe(socket));
    const port = await freePort();
    await new Promise<void>((resolve) => echo.listen(port, '127.0.0.1', () => resolve()));
    proxy = new SlowProxy(await freePort());
    await proxy.start(port);
  });

  afterAll(async () => {
    await proxy.stop();
    await new Promise<void>((resolve) => echo.close(() => resolve()));
  });

  it('delays the answers by delayMs and keeps their order when the delay is removed', async () => {
    const client = createConnection({ host: '127.0.0.1', port: proxy.port });
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    let received = '';
    const arrivals: Array<{ text: string; at: number }> = [];
    client.on('data', (chunk: Buffer) => {
      received += chunk.toString();
      arrivals.push({ text: chunk.toString(), at: Date.now() });
    });
    proxy.delayMs = 600;
    const sent = Date.now();
    client.write('first;');
    await new Promise((r) => setTimeout(r, 100));
    proxy.delayMs = 0;
    client.write('second;');
    // Waits for both answers rather than a fixed time, so a loaded machine only slows the test.
    const deadline = Date.now() + 15_000;
    while (!received.includes('second;') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    client.destroy();
    expect(received).toBe('first;second;');
    expect(arrivals[0].at - sent).toBeGreaterThanOrEqual(590);
  });
});
