import { Body, Controller, Get, Param, Put, UseGuards } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import type { RunView } from '@hindsight/training';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal, RequireScopes } from '../auth/auth.decorators';
import { RunsService } from './runs.service';

/** Runs and the reward-hacking monitor, scoped to the tenant of the API key. */
@Controller('v1/runs')
@UseGuards(ApiKeyGuard)
export class RunsController {
  constructor(private readonly runs: RunsService) {}

  @Get()
  @RequireScopes('admin', 'read')
  list(@CurrentPrincipal() principal: Principal): ReturnType<RunsService['list']> {
    return this.runs.list(principal);
  }

  @Get(':id')
  @RequireScopes('admin', 'read')
  show(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<RunView> {
    return this.runs.show(principal, id);
  }

  @Put(':id/budget')
  @RequireScopes('admin')
  setBudget(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<RunView> {
    return this.runs.setBudget(principal, id, body);
  }
}
