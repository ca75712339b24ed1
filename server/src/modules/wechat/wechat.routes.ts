import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ZText } from '../../../../types/api/common'
import type { AppContext } from '../../context'
import { errorResponses } from '../../http/openapi'
import { handlePush, verifyPushSignature } from './wechat.service'

const signedField = ZText().max(128).optional()
const ZSignedQuery = z.object({ signature: signedField, timestamp: signedField, nonce: signedField, echostr: ZText().max(512).optional() })

/**
 * The 消息推送 URL to enter in the WeChat console (JSON format, 明文模式). Verified: the signature over token,
 * timestamp and nonce, the timestamp within ±5 minutes of our clock, and the (timestamp, nonce) not seen before.
 * The body itself is not signed in 明文模式. 安全模式 (only an AES-encrypted `Encrypt`, signed by msg_signature) is
 * refused with 400 WECHAT_PUSH_ENCRYPTED rather than acknowledged unread, so a console set to it shows failed
 * pushes instead of verdicts silently lost (docs/wechat-console.md: 明文模式).
 */
export const wechatRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const push = { config: { access: 'public' as const } }

  // The console checks the URL once by GET: answer its echostr when the signature is right.
  app.get('/api/wechat/push', { ...push, schema: { tags: ['wechat'], summary: '微信消息推送：服务器地址校验', querystring: ZSignedQuery, response: { 200: z.string(), ...errorResponses(403) } } }, async (req, reply) => {
    verifyPushSignature(ctx.config.wechatPushToken, req.query, ctx.now())
    return reply.type('text/plain').send(req.query.echostr ?? '')
  })

  app.post('/api/wechat/push', {
    ...push,
    schema: { tags: ['wechat'], summary: '微信消息推送：接收图片内容安全检测结果（wxa_media_check）', querystring: ZSignedQuery, body: z.record(z.string(), z.unknown()), response: { 200: z.string(), ...errorResponses(400, 403) } },
  }, async (req, reply) => {
    const signed = verifyPushSignature(ctx.config.wechatPushToken, req.query, ctx.now())
    await handlePush(ctx, signed, req.body)
    return reply.type('text/plain').send('success')
  })
}
