import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  ZBooking,
  ZBookingPage,
  ZCancelBookingRequest,
  ZCheckInCode,
  ZCheckInRequest,
  ZClosureList,
  ZCreateBookingRequest,
  ZCreateClosureRequest,
  ZCreateClosureResponse,
  ZCreateRoomRequest,
  ZCreateStationRequest,
  ZMyBookingsQuery,
  ZReasonRequest,
  ZRoom,
  ZRoomPatch,
  ZRoomWeek,
  ZStaffBookingList,
  ZStaffBookingQuery,
  ZStaffStationList,
  ZStaffStationQuery,
  ZStation,
  ZStationPatch,
  ZStationList,
  ZStationListQuery,
  ZWeekQuery,
} from '../../../../types/api/booking'
import type { Booking } from '../../../../types/api/booking'
import { ZIdParam } from '../../../../types/api/common'
import type { AppContext, RequestContext } from '../../context'
import { errorResponses, optionalBearer } from '../../http/openapi'
import type { Principal } from '../../http/principal'
import * as bookings from './bookings.service'
import * as stationAdmin from './station-admin.service'
import * as stations from './stations.service'
import { requestContext } from '../../http/request-context'

const EmptyBody = z.object({}).optional()
const user = { security: [{ bearer: [] }] }
const tags = ['booking']
const staffTags = ['staff']
const staff = { config: { access: 'staff' as const } }

export const bookingRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  /* residents */
  app.get('/api/stations', {
    config: { access: 'guest' },
    schema: { tags, summary: '阵地列表（本社区或全区；传入位置时按距离排序）；未登录也可查看', security: optionalBearer, querystring: ZStationListQuery, response: { 200: ZStationList, ...errorResponses(400, 401) } },
  }, async (req) => stations.listStations(ctx, req.principal, req.query))

  app.get('/api/stations/:id', {
    config: { access: 'guest' },
    schema: { tags, summary: '阵地详情：照片、地址、开放时间、场地和共享工具；未登录也可查看', security: optionalBearer, params: ZIdParam, response: { 200: ZStation, ...errorResponses(400, 401, 404) } },
  }, async (req) => stations.getStation(ctx, req.params.id))

  app.get('/api/rooms/:id/week', {
    schema: { tags, summary: '场地一周的时段（空闲 / 已约 / 我的 / 不开放 / 已过）与预约规则', ...user, params: ZIdParam, querystring: ZWeekQuery, response: { 200: ZRoomWeek, ...errorResponses(400, 401, 404) } },
  }, async (req) => stations.getRoomWeek(ctx, req.principal!, req.params.id, req.query.date))

  app.post('/api/bookings', {
    schema: { tags, summary: '预约场地或共享工具（需审核的场地先进入待审核）', ...user, body: ZCreateBookingRequest, response: { 201: ZBooking, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req, reply) => reply.status(201).send(await bookings.createBooking(requestContext(ctx, req), req.principal!, req.body)))

  app.get('/api/bookings/mine', {
    schema: { tags, summary: '我的预约（即将到来 / 历史）', ...user, querystring: ZMyBookingsQuery, response: { 200: ZBookingPage, ...errorResponses(400, 401) } },
  }, async (req) => bookings.listMyBookings(ctx, req.principal!, req.query))

  app.post('/api/bookings/check-in', {
    schema: { tags, summary: '扫场地门口的签到码签到', ...user, body: ZCheckInRequest, response: { 200: ZBooking, ...errorResponses(400, 401, 404, 409) } },
  }, async (req) => bookings.checkInByCode(requestContext(ctx, req), req.principal!, req.body.code))

  app.get('/api/bookings/:id', {
    schema: { tags, summary: '预约详情（含我可以做的操作）', ...user, params: ZIdParam, response: { 200: ZBooking, ...errorResponses(400, 401, 404) } },
  }, async (req) => bookings.getBooking(requestContext(ctx, req), req.principal!, req.params.id))

  app.post('/api/bookings/:id/cancel', {
    schema: { tags, summary: '取消预约（取消期限前）', ...user, params: ZIdParam, body: ZCancelBookingRequest, response: { 200: ZBooking, ...errorResponses(400, 401, 404, 409) } },
  }, async (req) => bookings.cancelBooking(requestContext(ctx, req), req.principal!, req.params.id, req.body.reason))

  /* staff of the community */
  app.get('/api/staff/bookings', {
    ...staff,
    schema: { tags: staffTags, summary: '预约管理：待审核队列，或某一天的全部预约', ...user, querystring: ZStaffBookingQuery, response: { 200: ZStaffBookingList, ...errorResponses(400, 401, 403) } },
  }, async (req) => bookings.listStaffBookings(requestContext(ctx, req), req.principal!, req.query))

  const staffAction = <B extends z.ZodType>(path: string, summary: string, body: B, run: (c: RequestContext, id: number, principal: Principal, body: z.infer<B>) => Promise<Booking>) =>
    app.post(`/api/staff/bookings/:id/${path}`, {
      ...staff,
      schema: { tags: staffTags, summary, ...user, params: ZIdParam, body, response: { 200: ZBooking, ...errorResponses(400, 401, 403, 404, 409) } },
    }, async (req) => run(requestContext(ctx, req), req.params.id, req.principal!, req.body as z.infer<B>))

  staffAction('approve', '通过预约', EmptyBody, (c, id, p) => bookings.approveBooking(c, p, id))
  staffAction('reject', '拒绝预约（须写明原因）', ZReasonRequest, (c, id, p, b) => bookings.rejectBooking(c, p, id, b.reason))
  staffAction('check-in', '为到场的预约人签到', EmptyBody, (c, id, p) => bookings.staffCheckIn(c, p, id))
  staffAction('cancel', '取消预约（须写明原因）', ZReasonRequest, (c, id, p, b) => bookings.staffCancelBooking(c, p, id, b.reason))

  app.get('/api/staff/stations', {
    ...staff,
    schema: { tags: staffTags, summary: '本社区的阵地、场地与共享工具（含暂停预约的）', ...user, querystring: ZStaffStationQuery, response: { 200: ZStaffStationList, ...errorResponses(400, 401, 403) } },
  }, async (req) => stationAdmin.listStaffStations(ctx, req.principal!, req.query.communityId))

  app.post('/api/staff/stations', {
    ...staff,
    schema: { tags: staffTags, summary: '新建阵地', ...user, body: ZCreateStationRequest, response: { 201: ZStation, ...errorResponses(400, 401, 403, 404) } },
  }, async (req, reply) => reply.status(201).send(await stationAdmin.createStation(ctx, req.principal!, req.body)))

  app.patch('/api/staff/stations/:id', {
    ...staff,
    schema: { tags: staffTags, summary: '修改阵地（地址、电话、每周开放时间、照片）：只改所发送的字段', ...user, params: ZIdParam, body: ZStationPatch, response: { 200: ZStation, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => stationAdmin.updateStation(ctx, req.principal!, req.params.id, req.body))

  app.post('/api/staff/rooms', {
    ...staff,
    schema: { tags: staffTags, summary: '新建场地或共享工具（含预约规则）', ...user, body: ZCreateRoomRequest, response: { 201: ZRoom, ...errorResponses(400, 401, 403, 404) } },
  }, async (req, reply) => reply.status(201).send(await stationAdmin.createRoom(ctx, req.principal!, req.body)))

  app.patch('/api/staff/rooms/:id', {
    ...staff,
    schema: { tags: staffTags, summary: '修改场地或共享工具及其预约规则（对之后的预约生效）：只改所发送的字段', ...user, params: ZIdParam, body: ZRoomPatch, response: { 200: ZRoom, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => stationAdmin.updateRoom(ctx, req.principal!, req.params.id, req.body))

  app.get('/api/staff/rooms/:id/check-in-code', {
    ...staff,
    schema: { tags: staffTags, summary: '场地签到码（打印后张贴在门口）', ...user, params: ZIdParam, response: { 200: ZCheckInCode, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => stationAdmin.getCheckInCode(ctx, req.principal!, req.params.id))

  app.get('/api/staff/rooms/:id/closures', {
    ...staff,
    schema: { tags: staffTags, summary: '场地的临时关闭安排', ...user, params: ZIdParam, response: { 200: ZClosureList, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => stationAdmin.listClosures(ctx, req.principal!, req.params.id))

  app.post('/api/staff/rooms/:id/closures', {
    ...staff,
    schema: { tags: staffTags, summary: '临时关闭场地（同时取消这段时间内的预约）', ...user, params: ZIdParam, body: ZCreateClosureRequest, response: { 201: ZCreateClosureResponse, ...errorResponses(400, 401, 403, 404) } },
  }, async (req, reply) => reply.status(201).send(await stationAdmin.createClosure(ctx, req.principal!, req.params.id, req.body)))

  app.delete('/api/staff/closures/:id', {
    ...staff,
    schema: { tags: staffTags, summary: '取消临时关闭', ...user, params: ZIdParam, response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) } },
  }, async (req, reply) => {
    await stationAdmin.deleteClosure(ctx, req.principal!, req.params.id)
    return reply.status(204).send(null)
  })
}
