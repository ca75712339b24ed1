import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ZAuditActors, ZAuditActorsQuery, ZAuditPage, ZAuditQuery } from '../../../../types/api/reports'
import type { AppContext } from '../../context'
import { errorResponses } from '../../http/openapi'
import * as service from './audit.service'

const user = { security: [{ bearer: [] }] }
const staff = { config: { access: 'staff' as const } }
const staffTags = ['staff']

/** The audit trail, to browse: staff their community's, an admin any community's or the whole district's. */
export const auditRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/staff/audit', {
    ...staff,
    schema: {
      tags: staffTags,
      summary: '操作记录：工作人员与管理员的每项操作及查看个人信息的记录，新的在前（可按人员、类别、日期筛选）',
      ...user,
      querystring: ZAuditQuery,
      response: { 200: ZAuditPage, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => service.listAudit(ctx, req.principal!, req.query))

  app.get('/api/staff/audit/actors', {
    ...staff,
    schema: { tags: staffTags, summary: '操作记录中出现的人员（供按人员筛选）', ...user, querystring: ZAuditActorsQuery, response: { 200: ZAuditActors, ...errorResponses(400, 401, 403) } },
  }, async (req) => service.listAuditActors(ctx, req.principal!, req.query.communityId))
}
