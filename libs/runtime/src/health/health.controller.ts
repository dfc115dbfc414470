import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { assessReadiness, READINESS_CHECKS, SERVICE_NAME, type ReadinessCheck, type ReadinessReport } from './readiness-check';

@Controller()
export class HealthController {
  private readonly startedAt = Date.now();

  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  /** Liveness: the process answers. Never depends on Kafka or PostgreSQL. */
  @Get('health')
  health(): { status: 'ok'; service: string; uptimeSeconds: number } {
    return { status: 'ok', service: this.service, uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000) };
  }

  /** Readiness: 200 only when every dependency answers; the body names the ones that do not. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReport> {
    const report = await assessReadiness(this.service, this.checks);
    reply.status(report.status === 'ready' ? 200 : 503);
    return report;
  }
}
