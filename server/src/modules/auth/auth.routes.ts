import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ZDemoLoginRequest, ZDemoPersonaList, ZLogoutAllResponse, ZRefreshRequest, ZRefreshResponse, ZSessionResponse, ZWechatLoginRequest } from '../../../../types/api/auth'
import { ZMe } from '../../../../types/api/me'
import { toApiInstant } from '../../../../types/time'
import type { AppContext } from '../../context'
import { signAccessToken } from '../../http/access'
import { errorResponses } from '../../http/openapi'
import { loadPrincipal } from './auth.repository'
import * as service from './auth.service'
import * as sessions from './sessions.service'
import type { OpenedSession } from './sessions.service'

export const authRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  /** The tokens of a session: a new access token and the refresh token just issued. */
  function tokens(session: OpenedSession) {
    const access = signAccessToken(app, session, ctx.now(), ctx.config.accessTokenTtlMinutes)
    return { token: access.token, expiresAt: toApiInstant(access.expiresAt), refreshToken: session.refreshToken, refreshExpiresAt: toApiInstant(session.refreshExpiresAt) }
  }

  /** Opens a session for the account and returns its tokens with the profile the client shows right away. */
  async function startSession(userId: number) {
    const session = await sessions.openSession(ctx, userId)
    const principal = (await loadPrincipal(ctx.db, userId))!
    return { ...tokens(session), me: await service.getMe(ctx, principal) }
  }

  app.post('/api/auth/wechat', {
    config: { access: 'public', rateLimitGroup: 'login' },
    schema: {
      tags: ['auth'],
      summary: '微信登录：wx.login 的 code 换取会话',
      body: ZWechatLoginRequest,
      response: { 200: ZSessionResponse, ...errorResponses(400, 401, 429, 503) },
    },
  }, async (request) => startSession((await service.loginWithWechat(ctx, request.body.code)).userId))

  app.post('/api/auth/refresh', {
    config: { access: 'public', rateLimitGroup: 'login' },
    schema: {
      tags: ['auth'],
      summary: '用刷新凭证换取新的访问凭证（刷新凭证随之更换，旧的作废；重复使用旧凭证会结束该会话）',
      body: ZRefreshRequest,
      response: { 200: ZRefreshResponse, ...errorResponses(400, 401, 429) },
    },
  }, async (request) => tokens(await sessions.refreshSession(ctx, request.body.refreshToken)))

  app.post('/api/auth/logout', {
    schema: { tags: ['auth'], summary: '退出登录：结束本设备的会话', security: [{ bearer: [] }], response: { 204: z.null(), ...errorResponses(401) } },
  }, async (request, reply) => {
    await sessions.endSession(ctx, request.principal!.sessionId)
    return reply.status(204).send(null)
  })

  app.post('/api/auth/logout-all', {
    schema: { tags: ['auth'], summary: '退出所有设备：结束本账号的全部会话', security: [{ bearer: [] }], response: { 200: ZLogoutAllResponse, ...errorResponses(401) } },
  }, async (request) => ({ ended: await sessions.endAllSessions(ctx, request.principal!.userId) }))

  if (ctx.config.demo) {
    app.get('/api/auth/demo-personas', {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: '演示身份列表（仅演示模式）', response: { 200: ZDemoPersonaList } },
    }, async () => ({ items: await service.listDemoPersonas(ctx) }))

    app.post('/api/auth/demo', {
      config: { access: 'public', rateLimitGroup: 'login' },
      schema: {
        tags: ['auth'],
        summary: '以演示身份登录（仅演示模式）',
        body: ZDemoLoginRequest,
        response: { 200: ZSessionResponse, ...errorResponses(400, 404) },
      },
    }, async (request) => startSession((await service.loginAsDemoPersona(ctx, request.body.persona)).userId))
  }

  app.get('/api/me', {
    schema: { tags: ['auth'], summary: '当前用户', security: [{ bearer: [] }], response: { 200: ZMe, ...errorResponses(401) } },
  }, async (request) => service.getMe(ctx, request.principal!))
}
