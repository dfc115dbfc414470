import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { AcceptedEvent } from '../ingestion/ingestion.service';
import type { FastifyReply } from 'fastify';
import type { Principal } from '@hindsight/access';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal, RequireScopes } from '../auth/auth.decorators';
import { QueuesService, type EnqueueResult, type NextTask, type QueueView } from './queues.service';

/** 201 when every task was enqueued, 207 when some were, 400 when none was. */
const enqueueStatus = (r: EnqueueResult) => (r.rejected === 0 ? 201 : r.accepted === 0 ? 400 : 207);

@Controller('v1')
@UseGuards(ApiKeyGuard)
export class QueuesController {
  constructor(private readonly queues: QueuesService) {}

  @Post('queues')
  @HttpCode(201)
  @RequireScopes('admin')
  create(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<QueueView> {
    return this.queues.create(principal, body);
  }

  @Post('tasks')
  @RequireScopes('ingest', 'admin')
  async enqueue(
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EnqueueResult> {
    const result = await this.queues.enqueue(principal, body);
    reply.status(enqueueStatus(result));
    return result;
  }

  @Get('tasks/next')
  @RequireScopes('ingest', 'rater')
  async next(
    @CurrentPrincipal() principal: Principal,
    @Query() query: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<NextTask | undefined> {
    const task = await this.queues.next(principal, query);
    if (!task) reply.status(204);
    return task;
  }

  @Post('assignments/:assignmentId/judgment')
  @HttpCode(202)
  @RequireScopes('ingest', 'rater')
  judge(
    @CurrentPrincipal() principal: Principal,
    @Param('assignmentId') assignmentId: string,
    @Body() body: unknown,
  ): Promise<AcceptedEvent> {
    return this.queues.judge(principal, assignmentId, body);
  }

  @Post('assignments/:assignmentId/skip')
  @RequireScopes('ingest', 'rater')
  skip(
    @CurrentPrincipal() principal: Principal,
    @Param('assignmentId') assignmentId: string,
  ): Promise<{ assignmentId: string; expiredAt: string }> {
    return this.queues.skip(principal, assignmentId);
  }
}
