import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import multipart from '@fastify/multipart'
import { z } from 'zod'
import { ZUpload, ZUploadQuery } from '../../../../types/api/wishes'
import { ZText } from '../../../../types/api/common'
import type { AppContext } from '../../context'
import { AppError } from '../../http/app-error'
import { errorResponses } from '../../http/openapi'
import { THUMBNAIL_WIDTH } from './uploads.image'
import { DEFAULT_PICTURE_FILES, loadDefaultPictures } from './pictures'
import { MAX_UPLOAD_BYTES, PRIVATE_KEY_PREFIX, storeUpload, thumbnailKey } from './uploads.service'

const MIME_BY_EXTENSION: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' }

/**
 * What a stored file is served with: its own type and never another (nosniff), no script, style or frame may
 * run or load even if a browser opened it as a page (CSP sandbox), shown rather than saved. A day in caches: a
 * picture deleted (its account erased, an orphan swept) answers 404 and leaves caches within a day.
 */
const FILE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; sandbox",
  'cache-control': 'public, max-age=86400',
}

export const uploadRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  // One picture per request, as wx.uploadFile sends it; past the limit the request fails with 413. The parts
  // are read into `req.body` before the handler (keyValues: the file as a Buffer), so the Idempotency-Key
  // fingerprint covers the file's bytes (http/idempotency.ts).
  await app.register(multipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, parts: 12 },
    throwFileSizeLimit: true,
    attachFieldsToBody: 'keyValues',
  })

  app.post('/api/uploads', {
    config: { rateLimitGroup: 'upload' },
    schema: {
      tags: ['uploads'],
      summary: '上传一张图片（multipart/form-data，字段 file；JPG/PNG/WebP，≤5MB，≤5000 万像素；重新编码后保存，去除 EXIF 等元数据）',
      security: [{ bearer: [] }],
      querystring: ZUploadQuery,
      response: { 201: ZUpload, ...errorResponses(400, 401, 403, 413, 429) },
    },
  }, async (req, reply) => {
    const file = req.isMultipart() ? (req.body as Record<string, unknown> | undefined)?.file : undefined
    if (!Buffer.isBuffer(file)) throw new AppError('UPLOAD_INVALID', { message: '请选择一张图片上传' })
    return reply.status(201).send(await storeUpload(ctx, req.principal!, req.query.purpose, file))
  })

  // Stored files are public by their random, unguessable names (an <image> cannot send a session header);
  // private ones (a 党员证) are not served here at all. `?w=320` answers the list thumbnail (the picture itself
  // for uploads stored before thumbnails existed).
  app.get('/api/files/:key', {
    config: { access: 'public' },
    schema: {
      tags: ['uploads'],
      summary: '读取已上传的图片（?w=320 为列表缩略图）',
      params: z.object({ key: ZText().max(64) }),
      querystring: z.object({ w: z.literal(String(THUMBNAIL_WIDTH)).optional().describe('缩略图宽度') }),
      response: { 200: z.any().describe('the image bytes'), ...errorResponses(400, 404) },
    },
  }, async (req, reply) => {
    const key = req.params.key
    const file = key.startsWith(PRIVATE_KEY_PREFIX) ? null : ((req.query.w && (await ctx.storage.open(thumbnailKey(key)))) || (await ctx.storage.open(key)))
    if (!file) throw new AppError('NOT_FOUND', { message: '图片不存在' })
    return reply
      .headers(FILE_HEADERS)
      .header('content-type', MIME_BY_EXTENSION[key.split('.').pop()!] ?? 'application/octet-stream')
      .header('content-disposition', `inline; filename="${key}"`)
      .header('content-length', file.size)
      .send(file.stream)
  })

  // The default pictures of shop items, activities and stations (pictures.ts): our own files, a closed list.
  const defaults = loadDefaultPictures()
  app.get('/api/pictures/:name', {
    config: { access: 'public' },
    schema: {
      tags: ['uploads'],
      summary: '默认图片（商品、活动、服务站点未上传照片时显示）',
      params: z.object({ name: z.enum(DEFAULT_PICTURE_FILES as [string, ...string[]]) }),
      response: { 200: z.any().describe('the PNG bytes'), ...errorResponses(400) },
    },
  }, async (req, reply) => reply.headers(FILE_HEADERS).header('content-type', 'image/png').send(defaults.get(req.params.name)!))
}
