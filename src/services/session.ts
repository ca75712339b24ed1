import Taro from '@tarojs/taro'
import type { DemoPersona } from '../../types/api/auth'

const TOKEN_KEY = 'doorstep.session-token'
const PERSONA_KEY = 'doorstep.demo-persona'

/** The session token survives restarts of the mini-program; WeChat storage is per user and per app. */
export const session = {
  token(): string | null {
    return (Taro.getStorageSync(TOKEN_KEY) as string) || null
  },
  setToken(token: string | null) {
    if (token) Taro.setStorageSync(TOKEN_KEY, token)
    else Taro.removeStorageSync(TOKEN_KEY)
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
    Taro.removeStorageSync(TOKEN_KEY)
    Taro.removeStorageSync(PERSONA_KEY)
  },
}
