import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Wish } from '../../../../types/api/wishes'
import { z } from 'zod'
import { ZIdParam, ZPageQuery } from '../../../../types/api/common'
import {
  ZApproveRequest,
  ZConfirmRequest,
  ZCreateWishOnBehalfRequest,
  ZCreateWishRequest,
  ZFulfilRequest,
  ZClaimRequest,
  ZGiveUpRequest,
  ZRejectRequest,
  ZStaffWishQuery,
  ZWish,
  ZWishListQuery,
  ZWishPage,
  ZWishSettings,
  ZWishSettingsQuery,
  ZWishSettingsUpdate,
  ZWishWall,
  ZWishWallQuery,
} from '../../../../types/api/wishes'
import type { AppContext, RequestContext } from '../../context'
import { errorResponses, optionalBearer } from '../../http/openapi'
import type { Principal } from '../../http/principal'
import * as lifecycle from './wish-lifecycle.service'
import * as lists from './wish-lists.service'
import * as settings from './wish-settings.service'
import { requestContext } from '../../http/request-context'

const EmptyBody = z.object({}).optional()
const user = { security: [{ bearer: [] }] }
const tags = ['wishes']

export const wishRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  /* everyone logged in */
  app.get('/api/wishes', {
    schema: { tags, summary: '本社区待认领的心愿（按分类筛选，最新 / 即将到期）', ...user, querystring: ZWishListQuery, response: { 200: ZWishPage, ...errorResponses(400, 401) } },
  }, async (req) => lists.listOpenWishes(requestContext(ctx, req), req.principal!, req.query))

  app.get('/api/wishes/wall', {
    config: { access: 'guest' },
    schema: { tags, summary: '心愿墙：已兑现的心愿与本月、本年、累计数量；未登录也可查看', security: optionalBearer, querystring: ZWishWallQuery, response: { 200: ZWishWall, ...errorResponses(400, 401) } },
  }, async (req) => lists.getWall(ctx, req.principal, req.query.communityId))

  app.get('/api/wishes/mine', {
    schema: { tags, summary: '我发布的心愿', ...user, querystring: ZPageQuery, response: { 200: ZWishPage, ...errorResponses(400, 401) } },
  }, async (req) => lists.listMyWishes(requestContext(ctx, req), req.principal!, req.query))

  app.get('/api/wishes/claimed', {
    schema: { tags, summary: '我认领的心愿', ...user, querystring: ZPageQuery, response: { 200: ZWishPage, ...errorResponses(400, 401) } },
  }, async (req) => lists.listMyClaims(requestContext(ctx, req), req.principal!, req.query))

  app.get('/api/wishes/:id', {
    schema: { tags, summary: '心愿详情（含进度和我可以做的操作）', ...user, params: ZIdParam, response: { 200: ZWish, ...errorResponses(400, 401, 404) } },
  }, async (req) => lists.getWish(requestContext(ctx, req), req.principal!, req.params.id))

  app.post('/api/wishes', {
    schema: { tags, summary: '发布心愿（机审后进入社区审核）', ...user, body: ZCreateWishRequest, response: { 201: ZWish, ...errorResponses(400, 401, 404, 409) } },
  }, async (req, reply) => reply.status(201).send(await lifecycle.createWish(requestContext(ctx, req), req.principal!, req.body)))

  const action = <B extends z.ZodType>(path: string, summary: string, body: B, run: (c: RequestContext, id: number, principal: Principal, body: z.infer<B>) => Promise<Wish>) =>
    app.post(`/api/wishes/:id/${path}`, {
      schema: { tags, summary, ...user, params: ZIdParam, body, response: { 200: ZWish, ...errorResponses(400, 401, 403, 404, 409) } },
    }, async (req) => run(requestContext(ctx, req), req.params.id, req.principal!, req.body as z.infer<B>))

  action('withdraw', '撤回心愿（认领前）', EmptyBody, (c, id, p) => lifecycle.withdrawWish(c, p, id))
  action('claim', '认领心愿（志愿者、党员本人，或以所在驻区单位的名义）', ZClaimRequest, (c, id, p, b) => lifecycle.claimWish(c, p, id, b))
  action('give-up', '放弃认领（须写明原因）', ZGiveUpRequest, (c, id, p, b) => lifecycle.giveUpClaim(c, p, id, b.reason))
  action('fulfil', '标记完成（上传凭证照片）', ZFulfilRequest, (c, id, p, b) => lifecycle.fulfilWish(c, p, id, b))
  action('confirm', '确认完成并致谢、评分', ZConfirmRequest, (c, id, p, b) => lifecycle.confirmWish(c, p, id, b))

  /* staff of the wish's community */
  const staff = { config: { access: 'staff' as const } }

  app.get('/api/staff/wishes', {
    ...staff,
    schema: { tags: ['staff'], summary: '社区心愿（默认：待审核队列，含机审结果）', ...user, querystring: ZStaffWishQuery, response: { 200: ZWishPage, ...errorResponses(400, 401, 403) } },
  }, async (req) => lists.listForStaff(requestContext(ctx, req), req.principal!, req.query))

  app.post('/api/staff/wishes', {
    ...staff,
    schema: { tags: ['staff'], summary: '为没有智能手机的居民代发心愿（须经本人同意）', ...user, body: ZCreateWishOnBehalfRequest, response: { 201: ZWish, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req, reply) => reply.status(201).send(await lifecycle.createWishOnBehalf(requestContext(ctx, req), req.principal!, req.body)))

  const staffAction = <B extends z.ZodType>(path: string, summary: string, body: B, run: (c: RequestContext, id: number, principal: Principal, body: z.infer<B>) => Promise<Wish>) =>
    app.post(`/api/staff/wishes/:id/${path}`, {
      ...staff,
      schema: { tags: ['staff'], summary, ...user, params: ZIdParam, body, response: { 200: ZWish, ...errorResponses(400, 401, 403, 404, 409) } },
    }, async (req) => run(requestContext(ctx, req), req.params.id, req.principal!, req.body as z.infer<B>))

  staffAction('approve', '审核通过（可调整分类）', ZApproveRequest, (c, id, p, b) => lifecycle.approveWish(c, p, id, b.category))
  staffAction('reject', '审核不通过（须写明原因）', ZRejectRequest, (c, id, p, b) => lifecycle.rejectWish(c, p, id, b.reason))
  staffAction('confirm', '代居民确认完成', ZConfirmRequest, (c, id, p, b) => lifecycle.confirmWishForWisher(c, p, id, b))

  app.get('/api/staff/wishes/settings', {
    ...staff,
    schema: { tags: ['staff'], summary: '心愿规则：价值上限、认领上限、认领期限', ...user, querystring: ZWishSettingsQuery, response: { 200: ZWishSettings, ...errorResponses(400, 401, 403) } },
  }, async (req) => settings.getSettings(ctx, req.principal!, req.query.communityId))

  app.put('/api/staff/wishes/settings', {
    ...staff,
    schema: { tags: ['staff'], summary: '修改心愿规则', ...user, body: ZWishSettingsUpdate, response: { 200: ZWishSettings, ...errorResponses(400, 401, 403) } },
  }, async (req) => settings.updateSettings(ctx, req.principal!, req.body))
}
