import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ZIdParam, ZPageQuery } from '../../../../types/api/common'
import {
  ZAdjustmentRequest,
  ZHouseholdSearchQuery,
  ZHouseholdSearchResult,
  ZLeaderboard,
  ZLeaderboardQuery,
  ZLeaderboardVisibility,
  ZLedgerEntry,
  ZLedgerPage,
  ZPointsAdjustment,
  ZPointsAdjustmentList,
  ZPointsAdjustmentQuery,
  ZPointsSettings,
  ZPointsSettingsUpdate,
  ZRejectAdjustmentRequest,
  ZPointsSummary,
  ZRedemption,
  ZRedemptionList,
  ZRedemptionLookup,
  ZRedemptionLookupQuery,
  ZRuleAwardRequest,
  ZRuleAwardResult,
  ZSettingsQuery,
  ZShopItem,
  ZShopItemInput,
  ZShopItemList,
  ZShopItemPatch,
  ZShopQuery,
  ZStaffShopQuery,
  ZStatement,
  ZStatementQuery,
  ZVerifyRedemptionRequest,
} from '../../../../types/api/points'
import type { AppContext } from '../../context'
import { errorResponses } from '../../http/openapi'
import { requestContext } from '../../http/request-context'
import * as account from './points-account.service'
import * as staffService from './points-staff.service'
import * as shopService from './shop.service'

const EmptyBody = z.object({}).optional()
const user = { security: [{ bearer: [] }] }

export const pointsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  /* resident */
  app.get('/api/points/me', {
    schema: { tags: ['points'], summary: '我的积分：家庭余额、今年获得、到期提醒、获取规则', ...user, response: { 200: ZPointsSummary, ...errorResponses(401) } },
  }, async (req) => account.getSummary(ctx, req.principal!))

  app.get('/api/points/history', {
    schema: { tags: ['points'], summary: '家庭积分明细（分页）', ...user, querystring: ZPageQuery, response: { 200: ZLedgerPage, ...errorResponses(400, 401, 409) } },
  }, async (req) => account.getHistory(ctx, req.principal!, req.query))

  app.get('/api/points/statement', {
    schema: { tags: ['points'], summary: '家庭积分月度账单', ...user, querystring: ZStatementQuery, response: { 200: ZStatement, ...errorResponses(400, 401, 409) } },
  }, async (req) => account.getStatement(ctx, req.principal!, req.query.month))

  app.get('/api/points/leaderboard', {
    schema: { tags: ['points'], summary: '积分排行（网格 / 社区，本月 / 本年）', ...user, querystring: ZLeaderboardQuery, response: { 200: ZLeaderboard, ...errorResponses(400, 401, 409) } },
  }, async (req) => account.getLeaderboard(ctx, req.principal!, req.query.scope, req.query.period))

  app.put('/api/points/leaderboard-visibility', {
    schema: { tags: ['points'], summary: '我家是否在排行榜上显示（否则显示为匿名）', ...user, body: ZLeaderboardVisibility, response: { 200: ZPointsSummary, ...errorResponses(400, 401, 409) } },
  }, async (req) => account.setLeaderboardVisibility(ctx, req.principal!, req.body.showOnLeaderboard))

  app.get('/api/shop/items', {
    schema: { tags: ['shop'], summary: '积分超市：本社区在售商品', ...user, querystring: ZShopQuery, response: { 200: ZShopItemList, ...errorResponses(400, 401) } },
  }, async (req) => ({ items: await shopService.listShopItems(ctx, req.principal!, req.query.communityId) }))

  app.post('/api/shop/items/:id/redeem', {
    schema: { tags: ['shop'], summary: '兑换：扣积分、占库存、生成取货码', ...user, params: ZIdParam, body: EmptyBody, response: { 201: ZRedemption, ...errorResponses(400, 401, 404, 409) } },
  }, async (req, reply) => reply.status(201).send(await shopService.redeem(ctx, req.principal!, req.params.id)))

  app.get('/api/shop/redemptions', {
    schema: { tags: ['shop'], summary: '我家的兑换记录', ...user, response: { 200: ZRedemptionList, ...errorResponses(401, 409) } },
  }, async (req) => ({ items: await shopService.listMyRedemptions(ctx, req.principal!) }))

  app.post('/api/shop/redemptions/:id/cancel', {
    schema: { tags: ['shop'], summary: '领取前取消兑换，积分退回', ...user, params: ZIdParam, body: EmptyBody, response: { 200: ZRedemption, ...errorResponses(400, 401, 404, 409) } },
  }, async (req) => shopService.cancelRedemption(ctx, req.principal!, req.params.id))

  /* staff */
  const staff = { config: { access: 'staff' as const } }

  app.post('/api/staff/redemptions/verify', {
    ...staff,
    schema: { tags: ['staff'], summary: '核销取货码', ...user, body: ZVerifyRedemptionRequest, response: { 200: ZRedemption, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => shopService.verifyPickup(ctx, req.principal!, req.body.code))

  app.get('/api/staff/redemptions/lookup', {
    ...staff,
    // Counted with the writes: a code is a bearer token, and guessing codes here must cost what guessing by 核销 does.
    config: { ...staff.config, rateLimitGroup: 'code-lookup' as const },
    schema: { tags: ['staff'], summary: '核销前查看取货码：谁领取什么、能否核销', ...user, querystring: ZRedemptionLookupQuery, response: { 200: ZRedemptionLookup, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => shopService.lookUpPickup(ctx, req.principal!, req.query.code))

  app.get('/api/staff/shop/items', {
    ...staff,
    schema: { tags: ['staff'], summary: '积分超市商品（含下架）', ...user, querystring: ZStaffShopQuery, response: { 200: ZShopItemList, ...errorResponses(400, 401, 403) } },
  }, async (req) => ({ items: await shopService.listStaffItems(ctx, req.principal!, req.query.communityId) }))

  app.post('/api/staff/shop/items', {
    ...staff,
    schema: { tags: ['staff'], summary: '上架商品', ...user, body: ZShopItemInput, response: { 201: ZShopItem, ...errorResponses(400, 401, 403, 404) } },
  }, async (req, reply) => reply.status(201).send(await shopService.createItem(ctx, req.principal!, req.body)))

  app.patch('/api/staff/shop/items/:id', {
    ...staff,
    schema: { tags: ['staff'], summary: '修改商品（价格、库存、上下架）', ...user, params: ZIdParam, body: ZShopItemPatch, response: { 200: ZShopItem, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => shopService.updateItem(ctx, req.principal!, req.params.id, req.body))

  app.get('/api/staff/households', {
    ...staff,
    schema: { tags: ['staff'], summary: '查找住户（姓名、手机尾号、门牌）', ...user, querystring: ZHouseholdSearchQuery, response: { 200: ZHouseholdSearchResult, ...errorResponses(400, 401, 403) } },
  }, async (req) => account.searchHouseholds(requestContext(ctx, req), req.principal!, req.query.q, req.query.communityId))

  app.get('/api/staff/households/:id/points', {
    ...staff,
    schema: { tags: ['staff'], summary: '住户积分明细', ...user, params: ZIdParam, querystring: ZPageQuery, response: { 200: ZLedgerPage, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => account.getHouseholdLedger(requestContext(ctx, req), req.principal!, req.params.id, req.query))

  app.post('/api/staff/points/adjustments', {
    ...staff,
    schema: {
      tags: ['staff'],
      summary: '奖励或扣减积分（须写明原因；超过社区审批门槛的记为待审批，由另一位工作人员审批）',
      ...user,
      body: ZAdjustmentRequest,
      response: { 201: ZLedgerEntry.describe('applied at once'), 202: ZPointsAdjustment.describe('待审批: waits for a second staff member'), ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => {
    const result = await staffService.adjustPoints(ctx, req.principal!, req.body)
    return 'applied' in result ? reply.status(201).send(result.applied) : reply.status(202).send(result.pending)
  })

  app.get('/api/staff/points/adjustments', {
    ...staff,
    schema: { tags: ['staff'], summary: '待审批的大额积分调整', ...user, querystring: ZPointsAdjustmentQuery, response: { 200: ZPointsAdjustmentList, ...errorResponses(400, 401, 403) } },
  }, async (req) => ({ items: await staffService.listPendingAdjustments(ctx, req.principal!, req.query.communityId) }))

  app.post('/api/staff/points/adjustments/:id/approve', {
    ...staff,
    schema: { tags: ['staff'], summary: '审批通过大额积分调整（记入积分）', ...user, params: ZIdParam, body: EmptyBody, response: { 200: ZPointsAdjustment, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => staffService.approveAdjustment(ctx, req.principal!, req.params.id))

  app.post('/api/staff/points/adjustments/:id/reject', {
    ...staff,
    schema: { tags: ['staff'], summary: '审批不通过大额积分调整（须写明原因）', ...user, params: ZIdParam, body: ZRejectAdjustmentRequest, response: { 200: ZPointsAdjustment, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => staffService.rejectAdjustment(ctx, req.principal!, req.params.id, req.body.reason))

  app.post('/api/staff/points/rule-awards', {
    ...staff,
    schema: { tags: ['staff'], summary: '按规则为参加活动的居民记积分（每人每活动一次）', ...user, body: ZRuleAwardRequest, response: { 200: ZRuleAwardResult, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => staffService.awardForActivity(ctx, req.principal!, req.body))

  app.get('/api/staff/points/settings', {
    ...staff,
    schema: { tags: ['staff'], summary: '社区积分规则与设置', ...user, querystring: ZSettingsQuery, response: { 200: ZPointsSettings, ...errorResponses(400, 401, 403) } },
  }, async (req) => staffService.getSettings(ctx, req.principal!, req.query.communityId))

  app.put('/api/staff/points/settings', {
    ...staff,
    schema: { tags: ['staff'], summary: '修改社区积分规则与设置', ...user, body: ZPointsSettingsUpdate, response: { 200: ZPointsSettings, ...errorResponses(400, 401, 403) } },
  }, async (req) => staffService.updateSettings(ctx, req.principal!, req.body))
}
