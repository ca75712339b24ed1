import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppContext } from '../../context'
import { errorResponses } from '../../http/openapi'
import { handlePush, verifyPushSignature } from './wechat.service'

const ZSignedQuery = z.object({ signature: z.string().optional(), timestamp: z.string().optional(), nonce: z.string().optional(), echostr: z.string().optional() })

/** The 消息推送 URL to enter in the WeChat console (JSON format, plaintext mode). */
export const wechatRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const push = { config: { access: 'public' as const } }

  // The console checks the URL once by GET: answer its echostr when the signature is right.
  app.get('/api/wechat/push', { ...push, schema: { tags: ['wechat'], summary: '微信消息推送：服务器地址校验', querystring: ZSignedQuery, response: { 200: z.string(), ...errorResponses(403) } } }, async (req, reply) => {
    verifyPushSignature(ctx.config.wechatPushToken, req.query)
    return reply.type('text/plain').send(req.query.echostr ?? '')
  })

  app.post('/api/wechat/push', {
    ...push,
    schema: { tags: ['wechat'], summary: '微信消息推送：接收图片内容安全检测结果（wxa_media_check）', querystring: ZSignedQuery, body: z.record(z.string(), z.unknown()), response: { 200: z.string(), ...errorResponses(400, 403) } },
  }, async (req, reply) => {
    verifyPushSignature(ctx.config.wechatPushToken, req.query)
    await handlePush(ctx, req.body)
    return reply.type('text/plain').send('success')
  })
}
