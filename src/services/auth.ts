import type { DemoPersona, DemoPersonaSummary, SessionResponse } from '../../types/api/auth'
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
  session.setToken(result.token)
  session.setDemoPersona(persona)
  return result
}

export function logout() {
  session.clear()
}
