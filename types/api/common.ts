import { z } from 'zod'

/** Database ids are positive integers; path params arrive as strings. */
export const ZId = z.coerce.number().int().positive()

/** An ISO 8601 instant with offset, as the API writes every time. */
export const ZInstant = z.string().describe('ISO 8601 date-time, e.g. 2026-11-22T09:30:00+08:00')

export const ROLES = ['resident', 'volunteer', 'party_member', 'unit', 'staff', 'admin'] as const
export const ZRole = z.enum(ROLES)
export type Role = z.infer<typeof ZRole>

export const ROLE_LABELS: Record<Role, string> = {
  resident: '居民',
  volunteer: '志愿者',
  party_member: '党员',
  unit: '驻区单位',
  staff: '社区工作者',
  admin: '管理员',
}

export const ZIdParams = z.object({ id: ZId })
