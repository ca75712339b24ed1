import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ZDashboard, ZDashboardQuery } from '../../../../types/api/reports'
import type { AppContext } from '../../context'
import { errorResponses } from '../../http/openapi'
import * as dashboard from './dashboard.service'

const user = { security: [{ bearer: [] }] }
const staff = { config: { access: 'staff' as const } }
const tags = ['staff']

/* 社区工作台 › 数据看板 */
export const dashboardRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/staff/dashboard', {
    ...staff,
    schema: {
      tags,
      summary: '数据看板：心愿、场地使用、志愿服务、积分与双报到的统计和按月趋势（管理员不选社区时为全区及各社区对比）',
      ...user,
      querystring: ZDashboardQuery,
      response: { 200: ZDashboard, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => dashboard.getDashboard(ctx, req.principal!, req.query))
}
