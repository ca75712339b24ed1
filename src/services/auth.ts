import type { DemoPersona, DemoPersonaSummary, LogoutAllResponse, SessionResponse } from '../../types/api/auth'
import type { Me } from '../../types/api/me'
import { request } from './http'
import { session } from './session'

export const authKeys = { me: ['me'] as const, personas: ['demo-personas'] as const }

export function getMe() {
  return request<Me>('/api/me')
}

export async function listDemoPersonas(): Promise<DemoPersonaSummary[]> {
  return (await request<{ items: DemoPersonaSummary[] }>('/api/auth/demo-personas', { auth: false })).items
}

export async function loginAsDemoPersona(persona: DemoPersona): Promise<SessionResponse> {
  const result = await request<SessionResponse>('/api/auth/demo', { method: 'POST', body: { persona }, auth: false })
  session.save(result)
  session.setDemoPersona(persona)
  return result
}

/**
 * 退出登录: ends this session on the server, then forgets it here (and the demo persona) whatever the server
 * answered — offline, the tokens are gone from the phone all the same and the refresh token expires unused.
 */
export async function logout(): Promise<void> {
  if (session.token()) await request('/api/auth/logout', { method: 'POST', renew: false }).catch(() => undefined)
  session.clear()
}

/**
 * 退出所有设备: ends every session of the account (other phones, a copied token); this phone's too. Unlike
 * logout it fails loudly: the user must know whether the other devices are out.
 */
export async function logoutEverywhere(): Promise<LogoutAllResponse> {
  const result = await request<LogoutAllResponse>('/api/auth/logout-all', { method: 'POST' })
  session.clear()
  return result
}

/** Forgets the session here only: after 注销 the server has ended it already. */
export function forgetSession() {
  session.clear()
}
