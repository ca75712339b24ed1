import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ZCommunityList, ZEventList, ZEventsQuery, ZHomeQuery, ZHomeResponse } from '../../../../types/api/org'
import type { AppContext } from '../../context'
import { errorResponses } from '../../http/openapi'
import * as service from './org.service'

export const orgRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/communities', {
    config: { access: 'public' },
    schema: { tags: ['org'], summary: '社区列表（选择所在社区）', response: { 200: ZCommunityList } },
  }, async () => ({ items: await service.listCommunities(ctx) }))

  app.get('/api/home', {
    schema: {
      tags: ['org'],
      summary: '首页：所在社区、阵地与本月活动',
      security: [{ bearer: [] }],
      querystring: ZHomeQuery,
      response: { 200: ZHomeResponse, ...errorResponses(400, 401, 404) },
    },
  }, async (request) => service.getHome(ctx, request.principal!, request.query.communityId))

  app.get('/api/events', {
    schema: {
      tags: ['org'],
      summary: '社区某月的公开活动（活动预告）',
      security: [{ bearer: [] }],
      querystring: ZEventsQuery,
      response: { 200: ZEventList, ...errorResponses(400, 401, 404) },
    },
  }, async (request) => service.listMonthEvents(ctx, request.principal!, request.query))
}
