import { Body, Controller, Headers, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Principal } from '@hindsight/access';
import type { EventType } from '@hindsight/contracts';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal, RequireScopes } from '../auth/auth.decorators';
import { IngestionService, type AcceptedEvent, type BatchResult } from './ingestion.service';
import { withFieldsAsSent } from './fields-as-sent';
import { resourceBodyToEvent } from './resource-body';

/**
 * Set on a 202 whose idempotency key was not checked (PostgreSQL was down): a retry is still stored once by the
 * projector, but a reused key with another body was not refused (README, Outages).
 */
export const UNCHECKED_HEADER = 'idempotency-unchecked';

const sourceOf = (principal: Principal) => `api-key-${principal.lookupId}`;

@Controller('v1')
@UseGuards(ApiKeyGuard)
export class IngestionController {
  constructor(private readonly ingestion: IngestionService) {}

  @Post('events')
  @HttpCode(202)
  // Which types each scope may send is decided per event (eventScopeRefusal): admin keys send retrain requests and erasures.
  @RequireScopes('ingest', 'feedback', 'admin')
  one(
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AcceptedEvent> {
    return this.accept(principal, body, key, reply);
  }

  @Post('events/batch')
  @RequireScopes('ingest', 'feedback', 'admin')
  async batch(
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BatchResult> {
    const result = await this.ingestion.ingestBatch(principal, body, { source: sourceOf(principal) });
    if (result.results.some((r) => r.status === 'accepted' && r.unchecked)) reply.header(UNCHECKED_HEADER, 'true');
    reply.status(result.rejected === 0 ? 202 : result.accepted === 0 ? 400 : 207);
    return result;
  }

  @Post('comparisons')
  @HttpCode(202)
  @RequireScopes('ingest')
  comparison(
    @CurrentPrincipal() p: Principal,
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.resource('comparison.recorded', p, body, key, reply);
  }

  @Post('ratings')
  @HttpCode(202)
  @RequireScopes('ingest')
  rating(
    @CurrentPrincipal() p: Principal,
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.resource('rating.recorded', p, body, key, reply);
  }

  @Post('raters')
  @HttpCode(202)
  @RequireScopes('ingest')
  rater(
    @CurrentPrincipal() p: Principal,
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.resource('rater.profiled', p, body, key, reply);
  }

  @Post('interactions')
  @HttpCode(202)
  @RequireScopes('ingest')
  interaction(
    @CurrentPrincipal() p: Principal,
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.resource('interaction.logged', p, body, key, reply);
  }

  @Post('feedback')
  @HttpCode(202)
  @RequireScopes('ingest', 'feedback')
  feedback(
    @CurrentPrincipal() p: Principal,
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.resource('feedback.recorded', p, body, key, reply);
  }

  @Post('outcomes')
  @HttpCode(202)
  @RequireScopes('ingest')
  outcome(
    @CurrentPrincipal() p: Principal,
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.resource('outcome.recorded', p, body, key, reply);
  }

  private async resource(
    type: EventType,
    principal: Principal,
    body: unknown,
    key: string | undefined,
    reply: FastifyReply,
  ): Promise<AcceptedEvent> {
    try {
      return await this.accept(principal, resourceBodyToEvent(type, body), key, reply, [type]);
    } catch (error) {
      throw withFieldsAsSent(error);
    }
  }

  private async accept(
    principal: Principal,
    body: unknown,
    key: string | undefined,
    reply: FastifyReply,
    types?: EventType[],
  ): Promise<AcceptedEvent> {
    const { accepted, replayed, unchecked } = await this.ingestion.ingestOne(principal, body, {
      source: sourceOf(principal),
      headerIdempotencyKey: key,
      types,
    });
    if (replayed) reply.header('idempotent-replayed', 'true');
    if (unchecked) reply.header(UNCHECKED_HEADER, 'true');
    return accepted;
  }
}
