import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ZReminderOutboxSummary, ZReminderTemplates } from '../../../../types/api/privacy'
import type { AppContext } from '../../context'
import { errorResponses } from '../../http/openapi'
import * as service from './reminders.service'

export const reminderRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  // Public: template ids are no secret, and the mini-program fetches them before anyone signs in.
  app.get('/api/reminders/templates', {
    config: { access: 'public' },
    schema: { tags: ['reminders'], summary: '订阅消息模板（小程序据此请求用户订阅）', response: { 200: ZReminderTemplates } },
  }, async () => service.reminderTemplates(ctx.config))

  app.get('/api/admin/reminders', {
    config: { access: 'admin' },
    schema: {
      tags: ['reminders'],
      summary: '订阅消息发送情况（按类型与状态计数，最近的失败）',
      security: [{ bearer: [] }],
      response: { 200: ZReminderOutboxSummary, ...errorResponses(401, 403) },
    },
  }, async () => service.outboxSummary(ctx.db))
}
