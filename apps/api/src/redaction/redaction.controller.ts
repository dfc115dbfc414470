import { Body, Controller, Get, Put, UseGuards } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import type { RedactionPolicyView } from '@hindsight/redaction';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal, RequireScopes } from '../auth/auth.decorators';
import { RedactionService } from './redaction.service';

/** The tenant's PII redaction policy, scoped to the tenant of the API key. */
@Controller('v1/redaction-policy')
@UseGuards(ApiKeyGuard)
export class RedactionController {
  constructor(private readonly redaction: RedactionService) {}

  @Get()
  @RequireScopes('admin', 'read')
  show(@CurrentPrincipal() principal: Principal): Promise<RedactionPolicyView> {
    return this.redaction.show(principal);
  }

  @Put()
  @RequireScopes('admin')
  set(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<RedactionPolicyView> {
    return this.redaction.set(principal, body);
  }
}
