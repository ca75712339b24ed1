import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ZAccountDeletionCheck, ZDeleteAccountRequest, ZPersonalDataAccessPage, ZPersonalDataAccessQuery, ZPersonalDataExport } from '../../../../types/api/privacy'
import type { AppContext } from '../../context'
import { errorResponses } from '../../http/openapi'
import * as service from './privacy.service'

const user = { security: [{ bearer: [] }] }
const tags = ['privacy']

export const privacyRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/me/personal-data', {
    schema: { tags, summary: '导出我的个人信息（JSON，含手机号明文与工作人员查看记录）', ...user, response: { 200: ZPersonalDataExport, ...errorResponses(401) } },
  }, async (req, reply) => {
    // Personal data in clear: never kept by a cache on the way.
    reply.header('cache-control', 'no-store')
    return service.exportPersonalData(ctx, req.principal!)
  })

  app.get('/api/me/account-deletion', {
    schema: { tags, summary: '注销前检查：还有哪些进行中的事项', ...user, response: { 200: ZAccountDeletionCheck, ...errorResponses(401) } },
  }, async (req) => service.checkAccountDeletion(ctx, req.principal!))

  app.delete('/api/me', {
    schema: {
      tags,
      summary: '注销账号：抹去并匿名化个人信息，积分流水保留（需输入“确认注销”；有进行中的事项时拒绝）',
      ...user,
      // Without a body (or without the words) the answer is DELETION_NOT_CONFIRMED, not a validation error.
      body: ZDeleteAccountRequest.nullish(),
      response: { 204: z.null(), ...errorResponses(400, 401, 409) },
    },
  }, async (req, reply) => {
    await service.deleteAccount(ctx, req.principal!, req.body?.confirmation ?? '')
    return reply.status(204).send(null)
  })

  app.get('/api/admin/personal-data-access', {
    config: { access: 'admin' },
    schema: { tags: ['admin'], summary: '个人信息访问记录（工作人员查看他人手机号、家庭成员等），新的在前', ...user, querystring: ZPersonalDataAccessQuery, response: { 200: ZPersonalDataAccessPage, ...errorResponses(400, 401, 403) } },
  }, async (req) => service.listPersonalDataAccess(ctx, req.query))
}
