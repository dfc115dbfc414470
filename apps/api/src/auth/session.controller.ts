import { Body, Controller, Delete, Get, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HindsightError } from '@hindsight/contracts';
import { CSRF_HEADER } from './api-key.guard';
import { SessionService, type SessionView } from './session.service';
import { clearedSessionCookie, sessionCookie } from './session-tokens';

/** Behind TLS (directly, or a proxy that says so) the cookie is marked Secure. */
const overHttps = (request: FastifyRequest) =>
  request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';

/** Sign-in for the browser pages: POST a key once, get a session cookie; DELETE signs out. */
@Controller('v1/session')
export class SessionController {
  constructor(private readonly sessions: SessionService) {}

  @Post()
  @HttpCode(201)
  async signIn(
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionView> {
    const now = Date.now();
    const { token, claims, view } = await this.sessions.signIn(body, now);
    reply
      .header('set-cookie', sessionCookie(token, claims.expiresAt, now, overHttps(request)))
      .header('cache-control', 'no-store');
    return view;
  }

  @Get()
  current(
    @Headers('cookie') cookie: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionView> {
    reply.header('cache-control', 'no-store');
    return this.sessions.current(cookie, Date.now);
  }

  @Delete()
  @HttpCode(204)
  async signOut(
    @Headers('cookie') cookie: string | undefined,
    @Headers(CSRF_HEADER) csrf: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    if (csrf === undefined)
      throw new HindsightError('forbidden', `signing out must carry the ${CSRF_HEADER} header`, [
        { path: CSRF_HEADER, rule: 'required on writes authenticated by the session cookie' },
      ]);
    await this.sessions.signOut(cookie, Date.now());
    reply.header('set-cookie', clearedSessionCookie(overHttps(request)));
  }
}
