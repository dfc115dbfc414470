import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import type { RoutingRuleView } from '@hindsight/routing';
import type { RoutedItem } from '@hindsight/store';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal, RequireScopes } from '../auth/auth.decorators';
import { RoutingService } from './routing.service';

/** Routing rules, scoped to the tenant of the API key. */
@Controller('v1/routing/rules')
@UseGuards(ApiKeyGuard)
export class RoutingController {
  constructor(private readonly routing: RoutingService) {}

  @Post()
  @HttpCode(201)
  @RequireScopes('admin')
  create(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<RoutingRuleView> {
    return this.routing.create(principal, body);
  }

  @Get()
  @RequireScopes('admin', 'read')
  list(@CurrentPrincipal() principal: Principal): Promise<{ rules: RoutingRuleView[] }> {
    return this.routing.list(principal);
  }

  @Get(':id')
  @RequireScopes('admin', 'read')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<RoutingRuleView> {
    return this.routing.get(principal, id);
  }

  @Put(':id')
  @RequireScopes('admin')
  change(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<RoutingRuleView> {
    return this.routing.change(principal, id, body);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @RequireScopes('admin')
  pause(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<RoutingRuleView> {
    return this.routing.pause(principal, id);
  }

  @Get(':id/routed')
  @RequireScopes('admin', 'read')
  routed(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query('limit') limit?: string,
  ): Promise<{ items: RoutedItem[] }> {
    return this.routing.routed(principal, id, limit);
  }
}
