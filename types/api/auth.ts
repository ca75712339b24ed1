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

export const ZSessionResponse = z.object({
  token: z.string(),
  expiresAt: ZInstant,
  me: ZMe,
})

export type WechatLoginRequest = z.infer<typeof ZWechatLoginRequest>
export type DemoLoginRequest = z.infer<typeof ZDemoLoginRequest>
export type DemoPersonaSummary = z.infer<typeof ZDemoPersonaSummary>
export type SessionResponse = z.infer<typeof ZSessionResponse>
