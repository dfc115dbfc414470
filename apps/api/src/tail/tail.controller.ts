import { once } from 'node:events';
import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Principal } from '@hindsight/access';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal, RequireScopes } from '../auth/auth.decorators';
import { TailService } from './tail.service';

/** A blank line this often keeps proxies from closing an idle tail, and finds a client that went away. */
export const TAIL_HEARTBEAT_MS = 15_000;

/**
 * `GET /v1/events/tail`: newline-delimited JSON, one event per line, from the moment the
 * response's headers are sent until the client disconnects. Blank lines are heartbeats. When
 * the tail cannot go on, a last line `{"error","message"}` is written and the response ends.
 */
@Controller('v1/events')
@UseGuards(ApiKeyGuard)
@RequireScopes('read', 'admin')
export class TailController {
  constructor(private readonly tail: TailService) {}

  @Get('tail')
  async follow(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const raw = reply.raw;
    // Listened for first: a client may go away while the tail is still starting.
    const closed = new Promise<void>((resolve) => raw.once('close', () => resolve()));
    const session = await this.tail.follow(principal, query, {
      events: async (events) => {
        if (raw.writableEnded || raw.destroyed) return;
        // A slow reader holds the consumer back instead of filling the api's memory.
        if (!raw.write(events.map((e) => `${JSON.stringify(e)}\n`).join('')))
          await Promise.race([once(raw, 'drain'), closed]);
      },
      failed: (error) => {
        if (!raw.writableEnded && !raw.destroyed)
          raw.end(`${JSON.stringify({ error: error.code, message: error.message })}\n`);
      },
    });
    if (!raw.destroyed) {
      raw.writeHead(200, {
        'content-type': 'application/x-ndjson; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
      });
      raw.flushHeaders();
      const heartbeat = setInterval(() => raw.write('\n'), TAIL_HEARTBEAT_MS);
      // The handler resolves when the client goes away (or the tail ended), after the consumer has stopped.
      await closed;
      clearInterval(heartbeat);
    }
    await session.stop();
  }
}
