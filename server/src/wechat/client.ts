import { AppError } from '../http/app-error'

export type WechatOptions = { appId: string; secret: string; apiBase: string; timeoutMs?: number }
export type WechatSession = { openid: string; unionid: string | null }

/** errcodes of jscode2session that mean "this code is no good", as opposed to WeChat being unavailable. */
const INVALID_CODE_ERRCODES = new Set([40029, 40163, 40226])

/**
 * Client of WeChat's server API (https://api.weixin.qq.com by default). Only its base URL changes between
 * production and tests, where a local fake WeChat answers.
 */
export class WechatClient {
  constructor(private readonly options: WechatOptions) {}

  /** 小程序登录: exchanges the code from `wx.login` for the user's openid. */
  async code2Session(code: string): Promise<WechatSession> {
    const { appId, secret, apiBase } = this.options
    if (!appId || !secret) {
      throw new AppError('WECHAT_UNAVAILABLE', { cause: new Error('WECHAT_APPID / WECHAT_SECRET are not configured') })
    }
    const url = new URL(`${apiBase}/sns/jscode2session`)
    url.search = new URLSearchParams({ appid: appId, secret, js_code: code, grant_type: 'authorization_code' }).toString()
    const body = await this.getJson(url)
    const errcode = typeof body.errcode === 'number' ? body.errcode : 0
    if (errcode !== 0 || typeof body.openid !== 'string' || !body.openid) {
      const cause = new Error(`jscode2session errcode ${errcode}: ${String(body.errmsg ?? '')}`)
      throw new AppError(INVALID_CODE_ERRCODES.has(errcode) ? 'WECHAT_CODE_INVALID' : 'WECHAT_UNAVAILABLE', { cause })
    }
    return { openid: body.openid, unionid: typeof body.unionid === 'string' ? body.unionid : null }
  }

  private async getJson(url: URL): Promise<Record<string, unknown>> {
    let response: Response
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000) })
    } catch (cause) {
      throw new AppError('WECHAT_UNAVAILABLE', { cause })
    }
    if (!response.ok) throw new AppError('WECHAT_UNAVAILABLE', { cause: new Error(`WeChat answered HTTP ${response.status}`) })
    try {
      return (await response.json()) as Record<string, unknown>
    } catch (cause) {
      throw new AppError('WECHAT_UNAVAILABLE', { cause })
    }
  }
}
