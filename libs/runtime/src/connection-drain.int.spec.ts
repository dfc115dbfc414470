import { connect, type Socket } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { drainConnectionsOnClose } from './connection-drain';

/**
 * What a service's HTTP server does with its connections when it stops (SIGTERM, `app.close()`).
 * The first case fails without the drain by never finishing (jest's 60 s test timeout): found when the api
 * under the route fuzzing (FUZZ_SEED=1828786789) took longer than jest's 60 s `afterAll` to close, held by
 * two connections its HTTP client had opened and never sent a byte on. The second case holds with or
 * without it: closing connections must not cut an answer being written.
 */
describe('drainConnectionsOnClose', () => {
  let app: FastifyInstance;
  let port: number;
  let handlerEntered: () => void;
  let entered: Promise<void>;
  let release: () => void;

  beforeEach(async () => {
    entered = new Promise((resolve) => (handlerEntered = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    app = Fastify();
    // Far beyond what these cases take: a deadline that passed would cut the answer the second case reads.
    drainConnectionsOnClose(app, 60_000);
    app.get('/slow', async () => {
      handlerEntered();
      await released;
      return 'done';
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  });

  /** A client connection; `received` is every byte the server sent, once the server closed it. */
  async function client(): Promise<{ socket: Socket; received: Promise<string> }> {
    const socket = connect({ host: '127.0.0.1', port });
    let bytes = '';
    socket.on('data', (chunk: Buffer) => (bytes += chunk.toString('latin1')));
    const received = new Promise<string>((resolve) => socket.once('close', () => resolve(bytes)));
    await new Promise((resolve) => socket.once('connect', resolve));
    return { socket, received };
  }

  it('closes at once a connection that sent nothing and one that sent half a request head, answering neither', async () => {
    const silent = await client();
    const halfHead = await client();
    halfHead.socket.write('GET /slow HTTP/1.1\r\nhost: 127.0.0.1\r\n');

    await app.close();

    expect(await Promise.all([silent.received, halfHead.received])).toEqual(['', '']);
  });

  it('answers the request in flight when the close begins, then closes its kept-alive connection', async () => {
    const keptAlive = await client();
    keptAlive.socket.write('GET /slow HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: keep-alive\r\n\r\n');
    await entered;

    const closed = app.close();
    release();
    await closed;

    const answer = await keptAlive.received;
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answer.endsWith('\r\n\r\ndone')).toBe(true);
  });

  it('closes a connection whose request body stalls half-way once the drain timeout has passed, and says how many', async () => {
    await app.close(); // this case has a server of its own, with a short timeout
    const stalled = Fastify();
    const cut: number[] = [];
    drainConnectionsOnClose(stalled, 300, (connections) => cut.push(connections));
    stalled.post('/upload', async () => 'stored');
    await stalled.listen({ port: 0, host: '127.0.0.1' });
    port = (stalled.server.address() as { port: number }).port;
    const uploading = await client();
    // Once the head is parsed the server counts the request as being answered; its body never completes.
    const requested = new Promise<void>((resolve) => stalled.server.once('request', () => resolve()));
    uploading.socket.write(
      'POST /upload HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"a":',
    );
    await requested;

    await stalled.close();

    expect(await uploading.received).toBe('');
    expect(cut).toEqual([1]);
  });
});
