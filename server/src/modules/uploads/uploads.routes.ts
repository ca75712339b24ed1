import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import multipart from '@fastify/multipart'
import { z } from 'zod'
import { ZUpload, ZUploadQuery } from '../../../../types/api/wishes'
import type { AppContext } from '../../context'
import { AppError } from '../../http/app-error'
import { errorResponses } from '../../http/openapi'
import { MAX_UPLOAD_BYTES, PRIVATE_KEY_PREFIX, storeUpload } from './uploads.service'

const MIME_BY_EXTENSION: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' }

export const uploadRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  // One picture per request, as wx.uploadFile sends it; past the limit the request fails with 413.
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, parts: 12 }, throwFileSizeLimit: true })

  app.post('/api/uploads', {
    schema: {
      tags: ['uploads'],
      summary: '上传一张图片（multipart/form-data，字段 file；JPG/PNG/WebP，≤5MB）',
      security: [{ bearer: [] }],
      querystring: ZUploadQuery,
      response: { 201: ZUpload, ...errorResponses(400, 401, 413) },
    },
  }, async (req, reply) => {
    const file = req.isMultipart() ? await req.file() : undefined
    if (!file) throw new AppError('UPLOAD_INVALID', { message: '请选择一张图片上传' })
    const bytes = await file.toBuffer()
    return reply.status(201).send(await storeUpload(ctx, req.principal!, req.query.purpose, bytes))
  })

  // Stored files are public by their random, unguessable names (an <image> cannot send a session header);
  // private ones (a 党员证) are not served here at all.
  app.get('/api/files/:key', {
    config: { access: 'public' },
    schema: { tags: ['uploads'], summary: '读取已上传的图片', params: z.object({ key: z.string().max(64) }), response: { 200: z.any().describe('the image bytes'), ...errorResponses(404) } },
  }, async (req, reply) => {
    const file = req.params.key.startsWith(PRIVATE_KEY_PREFIX) ? null : await ctx.storage.open(req.params.key)
    if (!file) throw new AppError('NOT_FOUND', { message: '图片不存在' })
    return reply
      .header('content-type', MIME_BY_EXTENSION[req.params.key.split('.').pop()!] ?? 'application/octet-stream')
      .header('content-length', file.size)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(file.stream)
  })
}
