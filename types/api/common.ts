import { z } from 'zod'
import { ROLES } from './labels'

export type { Role } from './labels'

/** An ISO 8601 instant with offset, as the API writes every time. */
export const ZInstant = z.string().describe('ISO 8601 date-time, e.g. 2026-11-22T09:30:00+08:00')

export const ZRole = z.enum(ROLES)

/** An id as the API accepts it: a positive integer that fits PostgreSQL's integer columns (a larger one names nothing). */
export const ZPositiveId = z.coerce.number().int().positive().max(2_147_483_647, '编号不正确')

/** The `:id` of a route. */
export const ZIdParam = z.object({ id: ZPositiveId })
