import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  assessReadiness,
  READINESS_CHECKS,
  SERVICE_NAME,
  type ReadinessCheck,
  type ReadinessReport,
} from './readiness-check';

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

  /** Readiness: 200 when every dependency answers, or only optional ones do not (`degraded`); the body names those that do not. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReport> {
    const report = await assessReadiness(this.service, this.checks);
    reply.status(report.status === 'not-ready' ? 503 : 200);
    return report;
  }
}
