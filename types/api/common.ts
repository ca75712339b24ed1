import { z } from 'zod'
import { ROLES } from './labels'

export type { Role } from './labels'

/** An ISO 8601 instant with offset, as the API writes every time. */
export const ZInstant = z.string().describe('ISO 8601 date-time, e.g. 2026-11-22T09:30:00+08:00')

export const ZRole = z.enum(ROLES)
