import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  ZCalendarDay,
  ZCalendarDayParam,
  ZCalendarList,
  ZCalendarQuery,
  ZCalendarStatus,
  ZDeleteCalendarDayResponse,
  ZEventList,
  ZEventsQuery,
  ZHomeQuery,
  ZHomeResponse,
  ZPutCalendarDayRequest,
} from '../../../../types/api/org'
import type { AppContext } from '../../context'
import { errorResponses, optionalBearer } from '../../http/openapi'
import * as calendar from './calendar.service'
import * as service from './org.service'

const user = { security: [{ bearer: [] }] }
const admin = { config: { access: 'admin' as const } }

export const orgRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/home', {
    config: { access: 'guest' },
    schema: {
      tags: ['org'],
      summary: '首页：所在社区、阵地与本月活动；未登录时查看所选社区',
      security: optionalBearer,
      querystring: ZHomeQuery,
      response: { 200: ZHomeResponse, ...errorResponses(400, 401, 404) },
    },
  }, async (request) => service.getHome(ctx, request.principal, request.query.communityId))

  app.get('/api/events', {
    config: { access: 'guest' },
    schema: {
      tags: ['org'],
      summary: '社区某月的公开活动（活动预告）；未登录也可查看',
      security: optionalBearer,
      querystring: ZEventsQuery,
      response: { 200: ZEventList, ...errorResponses(400, 401, 404) },
    },
  }, async (request) => service.listMonthEvents(ctx, request.principal, request.query))

  /* the official holiday calendar: every station's opening hours follow it; the admin keeps it */
  app.get('/api/calendar/status', {
    config: { access: 'staff' },
    schema: { tags: ['staff'], summary: '节假日安排是否齐全（今年，以及12月起的明年）', ...user, response: { 200: ZCalendarStatus, ...errorResponses(401, 403) } },
  }, async () => calendar.calendarStatus(ctx.db, ctx.now()))

  app.get('/api/admin/calendar', {
    ...admin,
    schema: { tags: ['admin'], summary: '法定节假日与调休上班日（某一年）：国务院公布的安排与管理员的调整', ...user, querystring: ZCalendarQuery, response: { 200: ZCalendarList, ...errorResponses(400, 401, 403) } },
  }, async (req) => calendar.listCalendar(ctx, req.query.year))

  app.put('/api/admin/calendar/:day', {
    ...admin,
    schema: { tags: ['admin'], summary: '设置某天为节假日或调休上班日（可覆盖官方安排）', ...user, params: ZCalendarDayParam, body: ZPutCalendarDayRequest, response: { 200: ZCalendarDay, ...errorResponses(400, 401, 403) } },
  }, async (req) => calendar.putCalendarDay(ctx, req.principal!, req.params.day, req.body))

  app.delete('/api/admin/calendar/:day', {
    ...admin,
    schema: {
      tags: ['admin'],
      summary: '删除管理员设置的一天：覆盖了官方安排的恢复官方安排，否则按星期几开放',
      ...user,
      params: ZCalendarDayParam,
      response: { 200: ZDeleteCalendarDayResponse, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => calendar.deleteCalendarDay(ctx, req.principal!, req.params.day))
}
