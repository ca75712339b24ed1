import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ZIdParam } from '../../../../types/api/common'
import {
  ZAcceptUnitInviteRequest,
  ZMyPartyReport,
  ZMyUnit,
  ZPartyReportQueue,
  ZPartyReportQueueQuery,
  ZPartyReportRequest,
  ZReasonRequest,
  ZStaffPartyReport,
  ZStaffUnit,
  ZUnitInvite,
  ZUnitInvitePreview,
  ZUnitMemberParams,
  ZUnitQueue,
  ZUnitQueueQuery,
  ZUnitRegistrationRequest,
} from '../../../../types/api/dual-reporting'
import { ZCodeParam } from '../../../../types/api/people'
import type { AppContext } from '../../context'
import { errorResponses } from '../../http/openapi'
import { requestContext } from '../../http/request-context'
import * as party from './party.service'
import * as units from './units.service'

const user = { security: [{ bearer: [] }] }
const staff = { config: { access: 'staff' as const } }
const tags = ['dual-reporting']
const staffTags = ['staff']
const EmptyBody = z.object({}).optional()

/* 双报到: 在职党员 and 驻区单位 report to a community; its staff confirm. */
export const dualReportingRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  /* 在职党员报到 */
  app.post('/api/party-reports', {
    schema: { tags, summary: '在职党员向居住地社区报到（工作单位、所在党组织，可附党员证照片）', ...user, body: ZPartyReportRequest, response: { 201: ZMyPartyReport, ...errorResponses(400, 401, 409) } },
  }, async (req, reply) => reply.status(201).send(await party.reportAsPartyMember(ctx, req.principal!, req.body)))

  app.get('/api/party-reports/mine', {
    schema: { tags, summary: '我的党员报到（最近一次）和服务统计', ...user, response: { 200: ZMyPartyReport, ...errorResponses(401) } },
  }, async (req) => party.getMyPartyReport(ctx, req.principal!))

  app.post('/api/party-reports/:id/withdraw', {
    schema: { tags, summary: '撤回党员报到（社区确认前）', ...user, params: ZIdParam, body: EmptyBody, response: { 200: ZMyPartyReport, ...errorResponses(400, 401, 404, 409) } },
  }, async (req) => party.withdrawPartyReport(ctx, req.principal!, req.params.id))

  app.get('/api/party-reports/:id/card', {
    schema: { tags, summary: '党员证照片（本人和本社区工作人员可看，查看会被记录）', ...user, params: ZIdParam, response: { 200: z.any().describe('the image bytes'), ...errorResponses(400, 401, 404) } },
  }, async (req, reply) => {
    const card = await party.openPartyCard(requestContext(ctx, req), req.principal!, req.params.id)
    return reply.header('content-type', card.mimeType).header('content-length', card.size).header('cache-control', 'private, no-store').send(card.stream)
  })

  app.get('/api/staff/party-reports', {
    ...staff,
    schema: { tags: staffTags, summary: '党员报到：待确认的，或已报到党员及其服务统计', ...user, querystring: ZPartyReportQueueQuery, response: { 200: ZPartyReportQueue, ...errorResponses(400, 401, 403) } },
  }, async (req) => party.listPartyReports(requestContext(ctx, req), req.principal!, { ...req.query, communityId: req.principal!.staffScope(req.query.communityId) }))

  app.post('/api/staff/party-reports/:id/approve', {
    ...staff,
    schema: { tags: staffTags, summary: '确认党员报到（授予党员身份）', ...user, params: ZIdParam, body: EmptyBody, response: { 200: ZStaffPartyReport, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => party.approvePartyReport(requestContext(ctx, req), req.principal!, req.params.id))

  app.post('/api/staff/party-reports/:id/reject', {
    ...staff,
    schema: { tags: staffTags, summary: '不通过党员报到（须写明原因）', ...user, params: ZIdParam, body: ZReasonRequest, response: { 200: ZStaffPartyReport, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => party.rejectPartyReport(requestContext(ctx, req), req.principal!, req.params.id, req.body.reason))

  app.post('/api/staff/party-reports/:id/revoke', {
    ...staff,
    schema: { tags: staffTags, summary: '结束党员报到（迁出、组织关系转出；须写明原因）', ...user, params: ZIdParam, body: ZReasonRequest, response: { 200: ZStaffPartyReport, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => party.revokePartyReport(requestContext(ctx, req), req.principal!, req.params.id, req.body.reason))

  /* 驻区单位 */
  app.post('/api/units', {
    schema: { tags, summary: '驻区单位向社区报到（单位名称、统一社会信用代码、联系人）', ...user, body: ZUnitRegistrationRequest, response: { 201: ZMyUnit, ...errorResponses(400, 401, 409, 503) } },
  }, async (req, reply) => reply.status(201).send(await units.registerUnit(ctx, req.principal!, req.body)))

  app.get('/api/units/mine', {
    schema: { tags, summary: '我的驻区单位：成员和服务统计（或我登记的单位的审核状态）', ...user, response: { 200: ZMyUnit, ...errorResponses(401) } },
  }, async (req) => units.getMyUnit(ctx, req.principal!))

  app.post('/api/units/:id/withdraw', {
    schema: { tags, summary: '撤回单位登记（审核前）', ...user, params: ZIdParam, body: EmptyBody, response: { 200: ZMyUnit, ...errorResponses(400, 401, 404, 409) } },
  }, async (req) => units.withdrawUnitRegistration(ctx, req.principal!, req.params.id))

  app.post('/api/units/mine/invites', {
    schema: { tags, summary: '邀请单位同事加入（单位管理员；分享卡片7天内有效，可多人使用）', ...user, body: EmptyBody, response: { 201: ZUnitInvite, ...errorResponses(401, 403) } },
  }, async (req, reply) => reply.status(201).send(await units.inviteToUnit(ctx, req.principal!)))

  app.post('/api/units/mine/members/:userId/remove', {
    schema: { tags, summary: '移出单位成员（单位管理员），或自己退出单位', ...user, params: ZUnitMemberParams, body: EmptyBody, response: { 200: ZMyUnit, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => units.removeUnitMember(ctx, req.principal!, req.params.userId))

  app.get('/api/unit-invites/:code', {
    schema: { tags, summary: '单位的邀请：哪个单位、谁邀请', ...user, params: ZCodeParam, response: { 200: ZUnitInvitePreview, ...errorResponses(400, 401, 404, 409) } },
  }, async (req) => units.previewUnitInvite(ctx, req.params.code))

  app.post('/api/unit-invites/:code/accept', {
    schema: { tags, summary: '接受邀请，加入驻区单位（填写在单位中的姓名）', ...user, params: ZCodeParam, body: ZAcceptUnitInviteRequest, response: { 200: ZMyUnit, ...errorResponses(400, 401, 404, 409) } },
  }, async (req) => units.acceptUnitInvite(ctx, req.principal!, req.params.code, req.body.name))

  app.get('/api/staff/units', {
    ...staff,
    schema: { tags: staffTags, summary: '驻区单位：待审核的，或已报到单位及其成员数、服务统计', ...user, querystring: ZUnitQueueQuery, response: { 200: ZUnitQueue, ...errorResponses(400, 401, 403) } },
  }, async (req) => units.listUnits(ctx, req.principal!, { ...req.query, communityId: req.principal!.staffScope(req.query.communityId) }))

  app.post('/api/staff/units/:id/approve', {
    ...staff,
    schema: { tags: staffTags, summary: '通过驻区单位报到（登记人成为单位管理员）', ...user, params: ZIdParam, body: EmptyBody, response: { 200: ZStaffUnit, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => units.approveUnit(ctx, req.principal!, req.params.id))

  app.post('/api/staff/units/:id/reject', {
    ...staff,
    schema: { tags: staffTags, summary: '不通过驻区单位报到（须写明原因）', ...user, params: ZIdParam, body: ZReasonRequest, response: { 200: ZStaffUnit, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => units.rejectUnit(ctx, req.principal!, req.params.id, req.body.reason))
}
