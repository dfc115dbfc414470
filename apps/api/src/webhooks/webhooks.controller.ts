import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import type { WebhookDeliveryItem } from '@hindsight/store';
import type { WebhookView } from '@hindsight/webhooks';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal, RequireScopes } from '../auth/auth.decorators';
import { WebhooksService } from './webhooks.service';

/** Outbound webhooks of the tenant of the API key: subscriptions and their deliveries. */
@Controller('v1/webhooks')
@UseGuards(ApiKeyGuard)
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @HttpCode(201)
  @RequireScopes('admin')
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
  ): Promise<{ webhook: WebhookView; secret: string }> {
    return this.webhooks.create(principal, body);
  }

  @Get()
  @RequireScopes('admin', 'read')
  list(@CurrentPrincipal() principal: Principal): Promise<{ webhooks: WebhookView[] }> {
    return this.webhooks.list(principal);
  }

  @Get('deliveries')
  @RequireScopes('admin', 'read')
  deliveries(
    @CurrentPrincipal() principal: Principal,
    @Query() query: unknown,
  ): Promise<{ deliveries: WebhookDeliveryItem[] }> {
    return this.webhooks.deliveries(principal, query);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScopes('admin')
  delete(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    return this.webhooks.delete(principal, id);
  }
}
