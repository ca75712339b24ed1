import Taro from '@tarojs/taro'
import type { DemoPersona } from '../../types/api/auth'

const TOKEN_KEY = 'doorstep.session-token'
const REFRESH_KEY = 'doorstep.refresh-token'
const PERSONA_KEY = 'doorstep.demo-persona'

/**
 * The session survives restarts of the mini-program; WeChat storage is per user and per app. The access token
 * (`token`) is short-lived; the refresh token renews it once it has expired (services/http.ts).
 */
export const session = {
  token(): string | null {
    return (Taro.getStorageSync(TOKEN_KEY) as string) || null
  },
  refreshToken(): string | null {
    return (Taro.getStorageSync(REFRESH_KEY) as string) || null
  },
  /** Keeps the tokens a login or a refresh answered. */
  save(tokens: { token: string; refreshToken: string }) {
    Taro.setStorageSync(TOKEN_KEY, tokens.token)
    Taro.setStorageSync(REFRESH_KEY, tokens.refreshToken)
  },
  /** Forgets the session (both tokens); the demo persona stays, to log in again with. */
  end() {
    Taro.removeStorageSync(TOKEN_KEY)
    Taro.removeStorageSync(REFRESH_KEY)
  },
  /** The demo persona last chosen on H5, used to log in again when the session expires. */
  demoPersona(): DemoPersona | null {
    return (Taro.getStorageSync(PERSONA_KEY) as DemoPersona) || null
  },
  setDemoPersona(persona: DemoPersona | null) {
    if (persona) Taro.setStorageSync(PERSONA_KEY, persona)
    else Taro.removeStorageSync(PERSONA_KEY)
  },
  clear() {
    session.end()
    Taro.removeStorageSync(PERSONA_KEY)
  },
}
