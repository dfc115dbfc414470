import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/**
 * Makes closing the HTTP server wait for the answers being written, and for nothing else.
 *
 * Node's `server.close()` ends the keep-alive connections between two requests, and the others once their
 * answer is written. A connection that was opened but has not sent a whole request head (a client's spare
 * pooled connection, a browser's preconnect, a slow client) counts as busy, and `close()` also stops the
 * timer that would have ended it (`headersTimeout`): shutdown then waits for as long as the client keeps it
 * open, for ever if it never closes it.
 *
 * So, when the server closes, each connection that is not answering a request is closed at once, and each
 * other one as soon as its last answer is written, or when `timeoutMs` have passed: a request whose body
 * stalls half-way counts as being answered too, and nothing else would ever end it (`close()` stopped the
 * `requestTimeout` timer as well). `onTimeout` is told how many connections that cut.
 */
export function drainConnectionsOnClose(
  fastify: FastifyInstance,
  timeoutMs: number,
  onTimeout: (connections: number) => void = () => undefined,
): void {
  const server = fastify.server;
  /** Requests each open connection is answering. */
  const answering = new Map<Socket, number>();
  let closing = false;

  const closeWhenIdle = (socket: Socket) => {
    // Ended, then destroyed once the last answer's bytes are flushed: a client that never closes its side holds nothing.
    if (closing && answering.get(socket) === 0) socket.end(() => socket.destroy());
  };

  server.on('connection', (socket: Socket) => {
    // Accepted while the close began, before the listener stopped: fastify would answer its requests 503 anyway.
    if (closing) {
      socket.destroy();
      return;
    }
    answering.set(socket, 0);
    socket.once('close', () => answering.delete(socket));
  });
  server.on('request', (request, response) => {
    const socket = request.socket;
    const requests = answering.get(socket);
    if (requests === undefined) return;
    answering.set(socket, requests + 1);
    response.once('close', () => {
      const left = answering.get(socket);
      if (left === undefined) return;
      answering.set(socket, left - 1);
      closeWhenIdle(socket);
    });
  });
  fastify.addHook('preClose', (done) => {
    closing = true;
    for (const socket of answering.keys()) closeWhenIdle(socket);
    if (answering.size > 0) {
      const deadline = setTimeout(() => {
        if (answering.size === 0) return;
        onTimeout(answering.size);
        for (const socket of answering.keys()) socket.destroy();
      }, timeoutMs);
      // The drain must not keep a process alive on its own; once the server has closed it has nothing to cut.
      deadline.unref();
      server.once('close', () => clearTimeout(deadline));
    }
    done();
  });
}
