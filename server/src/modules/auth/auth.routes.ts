import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ZDemoLoginRequest, ZDemoPersonaList, ZSessionResponse, ZWechatLoginRequest } from '../../../../types/api/auth'
import { ZMe } from '../../../../types/api/me'
import { toApiInstant } from '../../../../types/time'
import type { AppContext } from '../../context'
import { signSession } from '../../http/access'
import { errorResponses } from '../../http/openapi'
import { loadPrincipal } from './auth.repository'
import * as service from './auth.service'

export const authRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  /** Signs a session for the account and returns it with the profile the client shows right away. */
  async function startSession(userId: number) {
    const principal = (await loadPrincipal(ctx.db, userId))!
    const session = signSession(app, userId, ctx.config.sessionTtlHours, ctx.now())
    return { token: session.token, expiresAt: toApiInstant(session.expiresAt), me: await service.getMe(ctx, principal) }
  }

  app.post('/api/auth/wechat', {
    config: { access: 'public' },
    schema: {
      tags: ['auth'],
      summary: '微信登录：wx.login 的 code 换取会话',
      body: ZWechatLoginRequest,
      response: { 200: ZSessionResponse, ...errorResponses(400, 401, 429, 503) },
    },
  }, async (request) => startSession((await service.loginWithWechat(ctx, request.body.code)).userId))

  if (ctx.config.demo) {
    app.get('/api/auth/demo-personas', {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: '演示身份列表（仅演示模式）', response: { 200: ZDemoPersonaList } },
    }, async () => ({ items: await service.listDemoPersonas(ctx) }))

    app.post('/api/auth/demo', {
      config: { access: 'public' },
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
