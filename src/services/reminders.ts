import type { ReminderTemplates } from '../../types/api/privacy'
import { HOUR_MS } from '../../types/time'
import { request } from './http'

/** The 订阅消息 templates change only when someone edits the server's configuration: keep them for hours. */
export const REMINDER_TEMPLATES_STALE_MS = 6 * HOUR_MS

export const reminderKeys = { templates: ['reminder-templates'] as const }

/** Public: asked before anyone logs in, so that the ids are at hand at the first tap. */
export function getReminderTemplates() {
  return request<ReminderTemplates>('/api/reminders/templates', { auth: false })
}
