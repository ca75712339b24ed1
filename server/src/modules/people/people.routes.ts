import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import multipart from '@fastify/multipart'
import { z } from 'zod'
import { ZIdParam, ZPositiveId } from '../../../../types/api/common'
import {
  ZAcceptHouseholdInviteRequest,
  ZAddFlatsRequest,
  ZAddressBook,
  ZBuildingRequest,
  ZCommunityOrg,
  ZCommunityOrgQuery,
  ZCommunityRequest,
  ZDistrictOrg,
  ZGridRequest,
  ZRenameGridRequest,
  ZRenameSubdistrictRequest,
  ZSubdistrictRequest,
  ZUpdateBuildingRequest,
  ZUpdateCommunityRequest,
  ZApproveResidencyRequest,
  ZChooseCommunityRequest,
  ZCodeParam,
  ZCommunityChoiceList,
  ZCommunityStaff,
  ZCreateStaffInviteRequest,
  ZCommunityChoiceQuery,
  ZHouseholdInvite,
  ZHouseholdInvitePreview,
  ZLedgerImportQuery,
  ZLedgerImportReport,
  ZMyHousehold,
  ZMyResidency,
  ZRejectResidencyRequest,
  ZResidencyApplication,
  ZResidencyApplicationRequest,
  ZResidencyQueue,
  ZResidencyQueueQuery,
  ZStaffHousehold,
  ZStaffInvite,
  ZStaffInvitePreview,
  ZStaffRevokeParams,
  ZStaffOverview,
  ZStaffOverviewQuery,
  ZStaffResidencyApplication,
} from '../../../../types/api/people'
import type { AppContext } from '../../context'
import { AppError } from '../../http/app-error'
import { errorResponses } from '../../http/openapi'
import { requestContext } from '../../http/request-context'
import * as communities from './communities.service'
import * as households from './households.service'
import * as ledger from './ledger.service'
import * as org from './org.service'
import * as residency from './residency.service'
import * as staffGrants from './staff.service'
import * as workbench from './workbench.service'

const user = { security: [{ bearer: [] }] }
const staff = { config: { access: 'staff' as const } }
const admin = { config: { access: 'admin' as const } }
const tags = ['people']
const staffTags = ['staff']
const EmptyBody = z.object({}).optional()

/** A 台账 of twenty thousand rows is about 1 MB; past 10 MB the request fails with 413. */
const LEDGER_MAX_BYTES = 10 * 1024 * 1024

export const peopleRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  await app.register(multipart, { limits: { fileSize: LEDGER_MAX_BYTES, files: 1, fields: 10, parts: 12 }, throwFileSizeLimit: true })

  /* choosing a community: open to everyone, before login as well */
  app.get('/api/communities', {
    config: { access: 'public' },
    schema: { tags, summary: '社区列表（选择所在社区；传入位置时由近到远）', querystring: ZCommunityChoiceQuery, response: { 200: ZCommunityChoiceList, ...errorResponses(400) } },
  }, async (req) => communities.listCommunityChoices(ctx, req.query))

  app.put('/api/me/community', {
    schema: { tags, summary: '选择我所在的社区（住户认证前）', ...user, body: ZChooseCommunityRequest, response: { 204: z.null(), ...errorResponses(400, 401, 404, 409) } },
  }, async (req, reply) => {
    await communities.chooseCommunity(ctx, req.principal!, req.body.communityId)
    return reply.status(204).send(null)
  })

  app.get('/api/communities/:id/address-book', {
    schema: { tags, summary: '社区的楼栋、单元和门牌（住户认证选择住址）', ...user, params: ZIdParam, response: { 200: ZAddressBook, ...errorResponses(400, 401, 404) } },
  }, async (req) => communities.getAddressBook(ctx, req.params.id))

  /* 住户认证 */
  app.post('/api/residency/applications', {
    schema: { tags, summary: '申请住户认证（姓名、手机号、住址、与户主关系）', ...user, body: ZResidencyApplicationRequest, response: { 201: ZResidencyApplication, ...errorResponses(400, 401, 409, 503) } },
  }, async (req, reply) => reply.status(201).send(await residency.applyForResidency(ctx, req.principal!, req.body)))

  app.get('/api/residency/mine', {
    schema: { tags, summary: '我的住户认证申请（最近一次）', ...user, response: { 200: ZMyResidency, ...errorResponses(401) } },
  }, async (req) => residency.getMyResidency(ctx, req.principal!))

  app.post('/api/residency/applications/:id/withdraw', {
    schema: { tags, summary: '撤回住户认证申请', ...user, params: ZIdParam, body: EmptyBody, response: { 200: ZResidencyApplication, ...errorResponses(400, 401, 404, 409) } },
  }, async (req) => residency.withdrawResidency(ctx, req.principal!, req.params.id))

  app.get('/api/staff/residency/applications', {
    ...staff,
    schema: { tags: staffTags, summary: '住户认证审核队列（附台账中该住址的成员）', ...user, querystring: ZResidencyQueueQuery, response: { 200: ZResidencyQueue, ...errorResponses(400, 401, 403) } },
  }, async (req) => residency.listResidencyQueue(ctx, req.principal!, { ...req.query, communityId: req.principal!.staffScope(req.query.communityId) }))

  app.post('/api/staff/residency/applications/:id/approve', {
    ...staff,
    schema: { tags: staffTags, summary: '通过住户认证：关联台账中的居民，或新建居民（该住址无户时新建户）', ...user, params: ZIdParam, body: ZApproveResidencyRequest, response: { 200: ZStaffResidencyApplication, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => residency.approveResidency(ctx, req.principal!, req.params.id, req.body))

  app.post('/api/staff/residency/applications/:id/reject', {
    ...staff,
    schema: { tags: staffTags, summary: '不通过住户认证（须写明原因）', ...user, params: ZIdParam, body: ZRejectResidencyRequest, response: { 200: ZStaffResidencyApplication, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => residency.rejectResidency(ctx, req.principal!, req.params.id, req.body.reason))

  /* my household */
  app.get('/api/household', {
    schema: { tags, summary: '我的家庭：住址和成员', ...user, response: { 200: ZMyHousehold, ...errorResponses(401) } },
  }, async (req) => households.getMyHousehold(ctx, req.principal!))

  app.post('/api/household/invites', {
    schema: { tags, summary: '邀请家人加入（生成分享卡片的邀请码，7天内有效，用一次）', ...user, body: EmptyBody, response: { 201: ZHouseholdInvite, ...errorResponses(401, 409) } },
  }, async (req, reply) => reply.status(201).send(await households.inviteToHousehold(ctx, req.principal!)))

  app.post('/api/household/leave', {
    schema: { tags, summary: '退出家庭（积分留在原家庭）', ...user, body: EmptyBody, response: { 200: ZMyHousehold, ...errorResponses(401, 409) } },
  }, async (req) => households.leaveHousehold(ctx, req.principal!))

  app.get('/api/household-invites/:code', {
    schema: { tags, summary: '家人的邀请：哪个社区、哪栋楼、谁邀请', ...user, params: ZCodeParam, response: { 200: ZHouseholdInvitePreview, ...errorResponses(400, 401, 404, 409) } },
  }, async (req) => households.previewInvite(ctx, req.params.code))

  app.post('/api/household-invites/:code/accept', {
    schema: { tags, summary: '接受邀请，加入家人的家庭（无需再经社区审核）', ...user, params: ZCodeParam, body: ZAcceptHouseholdInviteRequest, response: { 200: ZMyHousehold, ...errorResponses(400, 401, 404, 409, 503) } },
  }, async (req) => households.acceptInvite(ctx, req.principal!, req.params.code, req.body))

  /* staff: households and the 工作台 */
  app.get('/api/staff/households/:id', {
    ...staff,
    schema: { tags: staffTags, summary: '一户的成员（含手机号，查看会被记录）', ...user, params: ZIdParam, response: { 200: ZStaffHousehold, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => households.getStaffHousehold(requestContext(ctx, req), req.principal!, req.params.id))

  app.post('/api/staff/households/:id/members/:personId/remove', {
    ...staff,
    schema: {
      tags: staffTags,
      summary: '把一位成员移出这一户（积分留在这一户）',
      ...user,
      params: ZIdParam.extend({ personId: ZPositiveId }),
      body: EmptyBody,
      response: { 200: ZStaffHousehold, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => households.removeHouseholdMember(requestContext(ctx, req), req.principal!, req.params.id, req.params.personId))

  app.get('/api/staff/overview', {
    ...staff,
    schema: { tags: staffTags, summary: '社区工作台的待办数：住户认证、双报到、心愿审核、预约审批、待发放兑换、今日活动', ...user, querystring: ZStaffOverviewQuery, response: { 200: ZStaffOverview, ...errorResponses(400, 401, 403) } },
  }, async (req) => workbench.getStaffOverview(ctx, req.principal!, req.query.communityId))

  /* staff of a community: the admin invites, the invitee accepts with their own WeChat; the admin revokes */
  app.post('/api/admin/staff-invites', {
    ...admin,
    schema: { tags: ['admin'], summary: '邀请社区工作人员（生成分享卡片的邀请码，7天内有效，用一次）', ...user, body: ZCreateStaffInviteRequest, response: { 201: ZStaffInvite, ...errorResponses(400, 401, 403, 404) } },
  }, async (req, reply) => reply.status(201).send(await staffGrants.inviteStaff(ctx, req.principal!, req.body)))

  app.get('/api/admin/communities/:id/staff', {
    ...admin,
    schema: { tags: ['admin'], summary: '社区的工作人员和未接受的邀请', ...user, params: ZIdParam, response: { 200: ZCommunityStaff, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => staffGrants.getCommunityStaff(ctx, req.params.id))

  app.post('/api/admin/communities/:id/staff/:userId/revoke', {
    ...admin,
    schema: { tags: ['admin'], summary: '取消某人在这个社区的工作人员身份', ...user, params: ZStaffRevokeParams, body: EmptyBody, response: { 200: ZCommunityStaff, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => staffGrants.revokeStaff(ctx, req.principal!, req.params.id, req.params.userId))

  app.get('/api/staff-invites/:code', {
    schema: { tags, summary: '工作人员邀请：哪个社区、谁邀请', ...user, params: ZCodeParam, response: { 200: ZStaffInvitePreview, ...errorResponses(400, 401, 404, 409) } },
  }, async (req) => staffGrants.previewStaffInvite(ctx, req.params.code))

  app.post('/api/staff-invites/:code/accept', {
    schema: { tags, summary: '接受邀请，成为社区工作人员', ...user, params: ZCodeParam, body: EmptyBody, response: { 200: z.object({ communityId: z.number().int() }), ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => staffGrants.acceptStaffInvite(ctx, req.principal!, req.params.code))

  /* 台账导入: the template, then the file checked (dryRun) and imported */
  app.get('/api/staff/ledger/template', {
    ...staff,
    schema: { tags: staffTags, summary: '台账导入模板（.xlsx）', ...user, response: { 200: z.any().describe('the .xlsx file'), ...errorResponses(401, 403) } },
  }, async (_req, reply) =>
    reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="ledger-template.xlsx"; filename*=UTF-8''${encodeURIComponent('台账导入模板.xlsx')}`)
      .send(await ledger.ledgerTemplate()))

  app.post('/api/staff/ledger/import', {
    ...staff,
    schema: {
      tags: staffTags,
      summary: '导入台账（multipart/form-data，字段 file；dryRun=true 只检查并报告，dryRun=false 无错误时一次写入）',
      ...user,
      querystring: ZLedgerImportQuery,
      response: { 200: ZLedgerImportReport, ...errorResponses(400, 401, 403, 413) },
    },
  }, async (req) => {
    const file = req.isMultipart() ? await req.file() : undefined
    if (!file) throw new AppError('LEDGER_FILE_INVALID', { message: '请选择要导入的 .xlsx 表格' })
    const bytes = await file.toBuffer()
    return ledger.importLedger(ctx, req.principal!, req.principal!.staffScope(req.query.communityId), bytes, req.query.dryRun)
  })

  /* the organisation: the admin keeps 街道 and 社区; staff keep their community's 网格, 楼栋 and flats */
  app.get('/api/admin/org', {
    ...admin,
    schema: { tags: ['admin'], summary: '全区的街道和社区（及各社区的网格、楼栋、户和工作人员数）', ...user, response: { 200: ZDistrictOrg, ...errorResponses(401, 403) } },
  }, async () => org.getDistrictOrg(ctx))

  app.post('/api/admin/subdistricts', {
    ...admin,
    schema: { tags: ['admin'], summary: '新增街道', ...user, body: ZSubdistrictRequest, response: { 201: ZDistrictOrg, ...errorResponses(400, 401, 403) } },
  }, async (req, reply) => reply.status(201).send(await org.createSubdistrict(ctx, req.principal!, req.body)))

  app.put('/api/admin/subdistricts/:id', {
    ...admin,
    schema: { tags: ['admin'], summary: '修改街道名称', ...user, params: ZIdParam, body: ZRenameSubdistrictRequest, response: { 200: ZDistrictOrg, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => org.renameSubdistrict(ctx, req.principal!, req.params.id, req.body.name))

  app.post('/api/admin/communities', {
    ...admin,
    schema: { tags: ['admin'], summary: '新增社区', ...user, body: ZCommunityRequest, response: { 201: ZDistrictOrg, ...errorResponses(400, 401, 403) } },
  }, async (req, reply) => reply.status(201).send(await org.createCommunity(ctx, req.principal!, req.body)))

  app.put('/api/admin/communities/:id', {
    ...admin,
    schema: { tags: ['admin'], summary: '修改社区名称和地址', ...user, params: ZIdParam, body: ZUpdateCommunityRequest, response: { 200: ZDistrictOrg, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => org.updateCommunity(ctx, req.principal!, req.params.id, req.body))

  app.get('/api/staff/org', {
    ...staff,
    schema: { tags: staffTags, summary: '本社区的网格和楼栋（单元、户和居民数）', ...user, querystring: ZCommunityOrgQuery, response: { 200: ZCommunityOrg, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => org.getCommunityOrg(ctx, req.principal!, req.query.communityId))

  app.post('/api/staff/grids', {
    ...staff,
    schema: { tags: staffTags, summary: '新增网格', ...user, body: ZGridRequest, response: { 201: ZCommunityOrg, ...errorResponses(400, 401, 403) } },
  }, async (req, reply) => reply.status(201).send(await org.createGrid(ctx, req.principal!, req.body)))

  app.put('/api/staff/grids/:id', {
    ...staff,
    schema: { tags: staffTags, summary: '修改网格名称', ...user, params: ZIdParam, body: ZRenameGridRequest, response: { 200: ZCommunityOrg, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => org.renameGrid(ctx, req.principal!, req.params.id, req.body.name))

  app.post('/api/staff/buildings', {
    ...staff,
    schema: { tags: staffTags, summary: '新增楼栋（可同时录入单元和门牌）', ...user, body: ZBuildingRequest, response: { 201: ZCommunityOrg, ...errorResponses(400, 401, 403) } },
  }, async (req, reply) => reply.status(201).send(await org.createBuilding(ctx, req.principal!, req.body)))

  app.put('/api/staff/buildings/:id', {
    ...staff,
    schema: { tags: staffTags, summary: '修改楼栋（所属网格、小区、名称）', ...user, params: ZIdParam, body: ZUpdateBuildingRequest, response: { 200: ZCommunityOrg, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => org.updateBuilding(ctx, req.principal!, req.params.id, req.body))

  app.post('/api/staff/buildings/:id/flats', {
    ...staff,
    schema: { tags: staffTags, summary: '给楼栋的一个单元添加门牌（已有的不变）', ...user, params: ZIdParam, body: ZAddFlatsRequest, response: { 200: ZCommunityOrg, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => org.addFlats(ctx, req.principal!, req.params.id, req.body))
}
