import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import type { RetrainPolicyView } from '@hindsight/scheduling';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal, RequireScopes } from '../auth/auth.decorators';
import { PoliciesService } from './policies.service';

/** Retrain policies, scoped to the tenant of the API key. */
@Controller('v1/policies')
@UseGuards(ApiKeyGuard)
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Post()
  @HttpCode(201)
  @RequireScopes('admin')
  create(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<RetrainPolicyView> {
    return this.policies.create(principal, body);
  }

  @Get()
  @RequireScopes('admin', 'read')
  list(@CurrentPrincipal() principal: Principal): Promise<{ policies: RetrainPolicyView[] }> {
    return this.policies.list(principal);
  }

  @Get(':id')
  @RequireScopes('admin', 'read')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<RetrainPolicyView> {
    return this.policies.get(principal, id);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @RequireScopes('admin')
  pause(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<RetrainPolicyView> {
    return this.policies.pause(principal, id);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @RequireScopes('admin')
  resume(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<RetrainPolicyView> {
    return this.policies.resume(principal, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScopes('admin')
  delete(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    return this.policies.delete(principal, id);
  }
}
