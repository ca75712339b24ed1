import { z } from 'zod'
import { ZInstant, ZText } from './common'
import { ZMe } from './me'

export const ZWechatLoginRequest = z.object({
  code: ZText().trim().min(1, '缺少登录凭证').max(128, '登录凭证格式不正确'),
})

export const DEMO_PERSONAS = ['resident', 'volunteer', 'party_member', 'unit', 'staff', 'admin'] as const
export const ZDemoPersona = z.enum(DEMO_PERSONAS)
export type DemoPersona = z.infer<typeof ZDemoPersona>

export const ZDemoLoginRequest = z.object({ persona: ZDemoPersona })

export const ZDemoPersonaSummary = z.object({
  persona: ZDemoPersona,
  name: z.string(),
  description: z.string(),
})
export const ZDemoPersonaList = z.object({ items: z.array(ZDemoPersonaSummary) })

/**
 * A login's answer. `token` is the short-lived access token (Authorization: Bearer) valid until `expiresAt`;
 * `refreshToken` renews it (POST /api/auth/refresh) until `refreshExpiresAt`, each use sliding that ahead.
 */
export const ZSessionResponse = z.object({
  token: z.string(),
  expiresAt: ZInstant,
  refreshToken: z.string(),
  refreshExpiresAt: ZInstant,
  me: ZMe,
})

export const ZRefreshRequest = z.object({
  refreshToken: ZText().trim().min(1, '缺少刷新凭证').max(128, '刷新凭证格式不正确'),
})
/** A refresh answers a new pair: the refresh token presented is used up. */
export const ZRefreshResponse = ZSessionResponse.omit({ me: true })

export const ZLogoutAllResponse = z.object({ ended: z.number().int() })

export type WechatLoginRequest = z.infer<typeof ZWechatLoginRequest>
export type DemoLoginRequest = z.infer<typeof ZDemoLoginRequest>
export type DemoPersonaSummary = z.infer<typeof ZDemoPersonaSummary>
export type SessionResponse = z.infer<typeof ZSessionResponse>
export type RefreshRequest = z.infer<typeof ZRefreshRequest>
export type RefreshResponse = z.infer<typeof ZRefreshResponse>
export type LogoutAllResponse = z.infer<typeof ZLogoutAllResponse>
