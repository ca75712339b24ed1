import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ZIdParam, ZPositiveId } from '../../../../types/api/common'
import {
  ZActivity,
  ZActivityListQuery,
  ZActivityPage,
  ZActivityQr,
  ZBatchAttendanceRequest,
  ZBatchAttendanceResult,
  ZBulkResult,
  ZCancelActivityRequest,
  ZCertificate,
  ZCertificateCodeParam,
  ZCertificateList,
  ZCertificateVerification,
  ZConfirmHoursRequest,
  ZCreateActivityRequest,
  ZCreatedActivities,
  ZCreateProjectRequest,
  ZCreateTeamRequest,
  ZMySignupList,
  ZMySignupsQuery,
  ZProjectList,
  ZRegisterVolunteerRequest,
  ZRoster,
  ZScanRequest,
  ZScanResult,
  ZServiceRecordList,
  ZStaffActivityQuery,
  ZTeamList,
  ZTeamQuery,
  ZUpdateActivityRequest,
  ZVolunteerProfile,
  ZVolunteerSummary,
} from '../../../../types/api/volunteer'
import type { AppContext } from '../../context'
import { errorResponses, optionalBearer } from '../../http/openapi'
import { renderCertificatePdf } from './certificate-pdf'
import { getActivity, listActivities } from './activities.service'
import { batchAttendance, checkOutEveryone, confirmAll, confirmHours, markNoShow, scan, staffCheckIn, staffCheckOut } from './attendance.service'
import { getCertificate, getSummary, issueCertificate, listCertificates, listRecords, verifyCertificate } from './certificates.service'
import { cancelActivity, createActivity, createProject, createTeam, getQr, getRoster, listProjects, listStaffActivities, updateActivity } from './organiser.service'
import { getProfile, joinTeam, leaveTeam, listTeams, registerVolunteer } from './profile.service'
import { cancelSignup, listMySignups, signUp } from './signups.service'
import { requestContext } from '../../http/request-context'

const EmptyBody = z.object({}).optional()
const user = { security: [{ bearer: [] }] }
const tags = ['volunteer']
const staff = { config: { access: 'staff' as const } }
const staffTags = ['staff']

export const volunteerRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  /* volunteers */
  app.get('/api/volunteer/profile', {
    schema: { tags, summary: '我的志愿者登记信息', ...user, response: { 200: ZVolunteerProfile, ...errorResponses(401) } },
  }, async (req) => getProfile(ctx, req.principal!))

  app.put('/api/volunteer/profile', {
    schema: { tags, summary: '注册志愿者 / 修改登记信息（实名、手机号、技能、服务时间，记录同意）', ...user, body: ZRegisterVolunteerRequest, response: { 200: ZVolunteerProfile, ...errorResponses(400, 401, 409, 503) } },
  }, async (req) => registerVolunteer(ctx, req.principal!, req.body))

  app.get('/api/volunteer/summary', {
    schema: { tags, summary: '我的志愿：总时长、星级、即将参加的活动', ...user, response: { 200: ZVolunteerSummary, ...errorResponses(401) } },
  }, async (req) => getSummary(ctx, req.principal!))

  app.get('/api/volunteer/signups', {
    schema: { tags, summary: '我报名的活动（即将参加 / 历史）', ...user, querystring: ZMySignupsQuery, response: { 200: ZMySignupList, ...errorResponses(400, 401) } },
  }, async (req) => listMySignups(ctx, req.principal!, req.query.scope))

  app.get('/api/volunteer/records', {
    schema: { tags, summary: '志愿服务记录（经组织者确认的时长）', ...user, response: { 200: ZServiceRecordList, ...errorResponses(401) } },
  }, async (req) => listRecords(ctx, req.principal!))

  app.get('/api/volunteer/teams', {
    schema: { tags, summary: '社区的志愿服务队', ...user, querystring: ZTeamQuery, response: { 200: ZTeamList, ...errorResponses(400, 401) } },
  }, async (req) => listTeams(ctx, req.principal!, req.query.communityId))

  app.post('/api/volunteer/teams/:id/join', {
    schema: { tags, summary: '加入志愿服务队', ...user, params: ZIdParam, body: EmptyBody, response: { 200: ZTeamList, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => joinTeam(ctx, req.principal!, req.params.id))

  app.post('/api/volunteer/teams/:id/leave', {
    schema: { tags, summary: '退出志愿服务队', ...user, params: ZIdParam, body: EmptyBody, response: { 200: ZTeamList, ...errorResponses(400, 401, 404) } },
  }, async (req) => leaveTeam(ctx, req.principal!, req.params.id))

  app.get('/api/activities', {
    config: { access: 'guest' },
    schema: { tags, summary: '志愿活动（本社区或全区；按日期、技能、服务队、有无名额筛选）；未登录也可查看', security: optionalBearer, querystring: ZActivityListQuery, response: { 200: ZActivityPage, ...errorResponses(400, 401) } },
  }, async (req) => listActivities(ctx, req.principal, req.query))

  app.get('/api/activities/:id', {
    schema: { tags, summary: '活动详情（含我的报名和可做的操作）', ...user, params: ZIdParam, response: { 200: ZActivity, ...errorResponses(400, 401, 404) } },
  }, async (req) => getActivity(ctx, req.principal!, req.params.id))

  app.post('/api/activities/:id/signup', {
    schema: { tags, summary: '报名（名额已满时进入候补）', ...user, params: ZIdParam, body: EmptyBody, response: { 200: ZActivity, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => signUp(ctx, req.principal!, req.params.id))

  app.post('/api/activities/:id/cancel-signup', {
    schema: { tags, summary: '取消报名（候补的下一位自动递补）', ...user, params: ZIdParam, body: EmptyBody, response: { 200: ZActivity, ...errorResponses(400, 401, 404, 409) } },
  }, async (req) => cancelSignup(ctx, req.principal!, req.params.id))

  app.post('/api/volunteer/scan', {
    schema: { tags, summary: '扫组织者的签到码：签到或签退', ...user, body: ZScanRequest, response: { 200: ZScanResult, ...errorResponses(400, 401, 404, 409) } },
  }, async (req) => scan(ctx, req.principal!, req.body))

  app.get('/api/volunteer/certificates', {
    schema: { tags, summary: '我的志愿服务证明', ...user, response: { 200: ZCertificateList, ...errorResponses(401) } },
  }, async (req) => listCertificates(ctx, req.principal!))

  app.post('/api/volunteer/certificates', {
    schema: { tags, summary: '开具志愿服务证明（含全部已确认的服务记录）', ...user, body: EmptyBody, response: { 201: ZCertificate, ...errorResponses(401, 403, 409) } },
  }, async (req, reply) => reply.status(201).send(await issueCertificate(ctx, req.principal!)))

  app.get('/api/volunteer/certificates/:id', {
    schema: { tags, summary: '志愿服务证明（可打印的页面用）', ...user, params: ZIdParam, response: { 200: ZCertificate, ...errorResponses(400, 401, 404) } },
  }, async (req) => getCertificate(ctx, req.principal!, req.params.id))

  app.get('/api/volunteer/certificates/:id/pdf', {
    schema: { tags, summary: '志愿服务证明 PDF', ...user, params: ZIdParam, response: { 200: z.any().describe('application/pdf'), ...errorResponses(400, 401, 404, 503) } },
  }, async (req, reply) => {
    const certificate = await getCertificate(ctx, req.principal!, req.params.id)
    const pdf = await renderCertificatePdf(certificate, ctx.config.certificateFontPath)
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="certificate-${certificate.id}.pdf"`)
      .send(pdf)
  })

  app.get('/api/certificates/:code', {
    config: { access: 'public' },
    schema: { tags, summary: '核验志愿服务证明（任何人可查）', params: ZCertificateCodeParam, response: { 200: ZCertificateVerification, ...errorResponses(400, 404) } },
  }, async (req) => verifyCertificate(ctx, req.params.code))

  /* organisers: staff of the community */
  app.post('/api/staff/teams', {
    ...staff,
    schema: { tags: staffTags, summary: '新建志愿服务队', ...user, body: ZCreateTeamRequest, response: { 200: ZTeamList, ...errorResponses(400, 401, 403) } },
  }, async (req) => createTeam(ctx, req.principal!, req.body))

  app.get('/api/staff/projects', {
    ...staff,
    schema: { tags: staffTags, summary: '志愿服务项目', ...user, querystring: z.object({ communityId: ZPositiveId.optional() }), response: { 200: ZProjectList, ...errorResponses(400, 401, 403) } },
  }, async (req) => listProjects(ctx, req.principal!, req.query.communityId))

  app.post('/api/staff/projects', {
    ...staff,
    schema: { tags: staffTags, summary: '新建志愿服务项目', ...user, body: ZCreateProjectRequest, response: { 200: ZProjectList, ...errorResponses(400, 401, 403) } },
  }, async (req) => createProject(ctx, req.principal!, req.body))

  app.get('/api/staff/activities', {
    ...staff,
    schema: { tags: staffTags, summary: '本社区的活动（含已取消的），从一周前起', ...user, querystring: ZStaffActivityQuery, response: { 200: ZActivityPage.pick({ items: true }), ...errorResponses(400, 401, 403) } },
  }, async (req) => listStaffActivities(ctx, req.principal!, req.query))

  app.post('/api/staff/activities', {
    ...staff,
    schema: { tags: staffTags, summary: '发布活动（一次性或每周重复）', ...user, body: ZCreateActivityRequest, response: { 201: ZCreatedActivities, ...errorResponses(400, 401, 403) } },
  }, async (req, reply) => reply.status(201).send(await createActivity(ctx, req.principal!, req.body)))

  app.patch('/api/staff/activities/:id', {
    ...staff,
    schema: { tags: staffTags, summary: '修改活动（有人报名后不能改时间）：只改所发送的字段', ...user, params: ZIdParam, body: ZUpdateActivityRequest, response: { 200: ZActivity, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => updateActivity(ctx, req.principal!, req.params.id, req.body))

  app.post('/api/staff/activities/:id/cancel', {
    ...staff,
    schema: { tags: staffTags, summary: '取消活动（全部报名随之取消）', ...user, params: ZIdParam, body: ZCancelActivityRequest, response: { 200: ZActivity, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => cancelActivity(ctx, req.principal!, req.params.id, req.body.reason))

  app.get('/api/staff/activities/:id/roster', {
    ...staff,
    schema: { tags: staffTags, summary: '报名名单、候补、签到签退与时长', ...user, params: ZIdParam, response: { 200: ZRoster, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => getRoster(requestContext(ctx, req), req.principal!, req.params.id))

  app.get('/api/staff/activities/:id/qr', {
    ...staff,
    schema: { tags: staffTags, summary: '当前的签到码（每30秒更换）', ...user, params: ZIdParam, response: { 200: ZActivityQr, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => getQr(ctx, req.principal!, req.params.id))

  app.post('/api/staff/activities/:id/check-out-all', {
    ...staff,
    schema: { tags: staffTags, summary: '一键为仍在签到中的志愿者签退', ...user, params: ZIdParam, body: EmptyBody, response: { 200: ZBulkResult, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => checkOutEveryone(ctx, req.principal!, req.params.id))

  app.post('/api/staff/activities/:id/attendance', {
    ...staff,
    schema: { tags: staffTags, summary: '批量签到或签退：逐人按单人规则办理，返回每人的结果', ...user, params: ZIdParam, body: ZBatchAttendanceRequest, response: { 200: ZBatchAttendanceResult, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => batchAttendance(requestContext(ctx, req), req.principal!, req.params.id, req.body))

  app.post('/api/staff/activities/:id/confirm-all', {
    ...staff,
    schema: { tags: staffTags, summary: '确认全部已签退志愿者的时长（按实际签到时间计算）', ...user, params: ZIdParam, body: EmptyBody, response: { 200: ZBulkResult, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => confirmAll(ctx, req.principal!, req.params.id))

  app.post('/api/staff/signups/:id/check-in', {
    ...staff,
    schema: { tags: staffTags, summary: '手动签到（手机无法扫码时）', ...user, params: ZIdParam, body: EmptyBody, response: { 200: ZRoster, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => staffCheckIn(requestContext(ctx, req), req.principal!, req.params.id))

  app.post('/api/staff/signups/:id/check-out', {
    ...staff,
    schema: { tags: staffTags, summary: '手动签退', ...user, params: ZIdParam, body: EmptyBody, response: { 200: ZRoster, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => staffCheckOut(requestContext(ctx, req), req.principal!, req.params.id))

  app.post('/api/staff/signups/:id/confirm', {
    ...staff,
    schema: { tags: staffTags, summary: '确认服务时长（调整时须写明原因，留痕）', ...user, params: ZIdParam, body: ZConfirmHoursRequest, response: { 200: ZRoster, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => confirmHours(requestContext(ctx, req), req.principal!, req.params.id, req.body))

  app.post('/api/staff/signups/:id/no-show', {
    ...staff,
    schema: { tags: staffTags, summary: '记为未到场', ...user, params: ZIdParam, body: EmptyBody, response: { 200: ZRoster, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => markNoShow(requestContext(ctx, req), req.principal!, req.params.id))
}
