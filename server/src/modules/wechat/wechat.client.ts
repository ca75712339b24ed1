import type { ErrorCode } from '../../../../types/api/errors'
import { AppError } from '../../http/app-error'

export type WechatOptions = { appId: string; secret: string; apiBase: string; timeoutMs?: number; now?: () => number }
export type WechatSession = { openid: string; unionid: string | null }
/** WeChat's content-security verdict (内容安全 v2): pass, review (doubtful) or risky, with a label code. */
export type SecurityVerdict = { suggest: 'pass' | 'review' | 'risky'; label: string }
/** 场景值 of the content-security API: 1 资料, 2 评论, 3 论坛, 4 社交日志. */
export type SecurityScene = 1 | 2 | 3 | 4

/** A WeChat API answered with a non-zero errcode (kept as the `cause` of the AppError thrown). */
export class WechatApiError extends Error {
  constructor(
    readonly path: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`${path} errcode ${errcode}: ${errmsg}`)
  }
}

/** WeChat could not be reached or answered with an HTTP error (kept as the `cause` of the AppError thrown). */
export class WechatTransportError extends Error {}

/** A 订阅消息 as subscribeMessage.send takes it. */
export type SubscribeMessage = {
  openid: string
  templateId: string
  /** A page of the mini-program with its query, without the leading slash. */
  page: string
  data: Record<string, { value: string }>
  miniprogramState: 'formal' | 'trial' | 'developer'
}

/** errcodes meaning the access token is no longer good: fetch a new one and try once more. */
const STALE_TOKEN_ERRCODES = new Set([40001, 40014, 42001])

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
    const body = await this.requestJson(url)
    const errcode = typeof body.errcode === 'number' ? body.errcode : 0
    if (errcode !== 0 || typeof body.openid !== 'string' || !body.openid) {
      const cause = new Error(`jscode2session errcode ${errcode}: ${String(body.errmsg ?? '')}`)
      throw new AppError(INVALID_CODE_ERRCODES.has(errcode) ? 'WECHAT_CODE_INVALID' : 'WECHAT_UNAVAILABLE', { cause })
    }
    return { openid: body.openid, unionid: typeof body.unionid === 'string' ? body.unionid : null }
  }

  /**
   * 文本内容安全识别 (msgSecCheck v2). `openid` must be a user who opened the mini-program within two hours.
   */
  async msgSecCheck(input: { content: string; openid: string; scene: SecurityScene; title?: string }): Promise<SecurityVerdict> {
    const body = await this.postWithToken('/wxa/msg_sec_check', { content: input.content, version: 2, scene: input.scene, openid: input.openid, title: input.title })
    return parseVerdict(body)
  }

  /**
   * 音视频内容安全识别 (mediaCheckAsync v2) of a picture at a public URL. WeChat answers with a trace id now and
   * pushes the verdict later (event `wxa_media_check`) to the message-push URL set in the console.
   */
  async mediaCheckAsync(input: { mediaUrl: string; openid: string; scene: SecurityScene }): Promise<{ traceId: string }> {
    const body = await this.postWithToken('/wxa/media_check_async', { media_url: input.mediaUrl, media_type: 2, version: 2, scene: input.scene, openid: input.openid })
    const traceId = body.trace_id ?? body.traceId
    if (typeof traceId !== 'string' || !traceId) throw new AppError('WECHAT_UNAVAILABLE', { cause: new Error('media_check_async answered without a trace_id') })
    return { traceId }
  }

  /** 手机号快速验证: exchanges the code from `<button open-type="getPhoneNumber">` for the user's number. */
  async phoneNumber(code: string): Promise<string> {
    const body = await this.postWithToken('/wxa/business/getuserphonenumber', { code }, { invalidCodeErrcodes: INVALID_CODE_ERRCODES, invalidCodeError: 'PHONE_CODE_INVALID' })
    const info = body.phone_info as { purePhoneNumber?: unknown } | undefined
    if (typeof info?.purePhoneNumber !== 'string' || !info.purePhoneNumber) throw new AppError('WECHAT_UNAVAILABLE', { cause: new Error('getuserphonenumber answered without phone_info') })
    return info.purePhoneNumber
  }

  /**
   * 发送订阅消息. Throws AppError('WECHAT_UNAVAILABLE') whose cause is a WechatApiError (WeChat said no: 43101 the
   * user has not subscribed or used the subscription up, 47003 bad data …) or a WechatTransportError.
   */
  async sendSubscribeMessage(message: SubscribeMessage): Promise<void> {
    await this.postWithToken('/cgi-bin/message/subscribe/send', {
      touser: message.openid,
      template_id: message.templateId,
      page: message.page,
      data: message.data,
      miniprogram_state: message.miniprogramState,
      lang: 'zh_CN',
    })
  }

  private token: { value: string; expiresAt: number } | null = null
  private tokenRequest: Promise<string> | null = null

  /**
   * The interface-call credential, cached until five minutes before it expires. `stable_token` hands every
   * instance the same token without invalidating the others', so several servers can share one app id.
   */
  async accessToken(): Promise<string> {
    const now = this.options.now?.() ?? Date.now()
    if (this.token && this.token.expiresAt > now) return this.token.value
    this.tokenRequest ??= this.fetchToken().finally(() => {
      this.tokenRequest = null
    })
    return this.tokenRequest
  }

  private async fetchToken(): Promise<string> {
    const { appId, secret, apiBase } = this.options
    if (!appId || !secret) throw new AppError('WECHAT_UNAVAILABLE', { cause: new Error('WECHAT_APPID / WECHAT_SECRET are not configured') })
    const body = await this.requestJson(new URL(`${apiBase}/cgi-bin/stable_token`), { grant_type: 'client_credential', appid: appId, secret })
    if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') {
      throw new AppError('WECHAT_UNAVAILABLE', { cause: new WechatApiError('/cgi-bin/stable_token', typeof body.errcode === 'number' ? body.errcode : -1, String(body.errmsg ?? 'no access_token')) })
    }
    const now = this.options.now?.() ?? Date.now()
    this.token = { value: body.access_token, expiresAt: now + (body.expires_in - 300) * 1000 }
    return body.access_token
  }

  /** POSTs to an API that takes `access_token`; a stale token is replaced once. Non-zero errcodes throw. */
  private async postWithToken(path: string, payload: Record<string, unknown>, options: { invalidCodeErrcodes?: ReadonlySet<number>; invalidCodeError?: ErrorCode } = {}): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt++) {
      const url = new URL(`${this.options.apiBase}${path}`)
      url.searchParams.set('access_token', await this.accessToken())
      const body = await this.requestJson(url, payload)
      const errcode = typeof body.errcode === 'number' ? body.errcode : 0
      if (STALE_TOKEN_ERRCODES.has(errcode) && attempt === 0) {
        this.token = null
        continue
      }
      if (errcode !== 0) {
        const cause = new WechatApiError(path, errcode, String(body.errmsg ?? ''))
        throw new AppError(options.invalidCodeErrcodes?.has(errcode) ? (options.invalidCodeError ?? 'WECHAT_CODE_INVALID') : 'WECHAT_UNAVAILABLE', { cause })
      }
      return body
    }
  }

  private async requestJson(url: URL, payload?: Record<string, unknown>): Promise<Record<string, unknown>> {
    let response: Response
    try {
      response = await fetch(url, {
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
        ...(payload ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) } : {}),
      })
    } catch (cause) {
      throw new AppError('WECHAT_UNAVAILABLE', { cause: new WechatTransportError(`WeChat unreachable: ${String(cause)}`, { cause }) })
    }
    if (!response.ok) throw new AppError('WECHAT_UNAVAILABLE', { cause: new WechatTransportError(`WeChat answered HTTP ${response.status}`) })
    try {
      return (await response.json()) as Record<string, unknown>
    } catch (cause) {
      throw new AppError('WECHAT_UNAVAILABLE', { cause })
    }
  }
}

/** The `result` of a content-security answer or push. */
export function parseVerdict(body: Record<string, unknown>): SecurityVerdict {
  const result = body.result as { suggest?: unknown; label?: unknown } | undefined
  const suggest = result?.suggest
  if (suggest !== 'pass' && suggest !== 'review' && suggest !== 'risky') {
    throw new AppError('WECHAT_UNAVAILABLE', { cause: new Error(`content check answered without a verdict: ${JSON.stringify(body).slice(0, 200)}`) })
  }
  return { suggest, label: String(result?.label ?? '') }
}
