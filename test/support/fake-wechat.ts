import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A local stand-in for WeChat's server API (api.weixin.qq.com), reached by the product through
 * WECHAT_API_BASE. It answers like WeChat does and records every call:
 * - GET /sns/jscode2session: an openid for a good code, an errcode for a bad one;
 * - POST /cgi-bin/stable_token: the app's current access token (the same one until it is rotated);
 * - POST /wxa/msg_sec_check?access_token=: a verdict on the text (configurable), 40001 for a token that is not
 *   the current one;
 * - POST /wxa/media_check_async?access_token=: a trace id; the verdict comes later as a push, which the test sends;
 * - POST /cgi-bin/message/subscribe/send?access_token=: a 订阅消息 is delivered only against a subscription the user
 *   accepted (each acceptance of a one-time template allows one message), else errcode 43101; values that break
 *   WeChat's rules for their kind (thing ≤ 20 characters, phrase ≤ 5 Chinese characters …) get 47003.
 */
export type FakeWechatCall = { method: string; path: string; query: Record<string, string>; body: Record<string, unknown> | null }

export type FakeWechat = {
  baseUrl: string
  calls: FakeWechatCall[]
  /** code → openid; codes not listed get errcode 40029 (invalid code). */
  codes: Map<string, string>
  /** getPhoneNumber button code → the phone number WeChat reports; other codes get errcode 40029. */
  phoneCodes: Map<string, string>
  /** When set, every jscode2session answers this instead (e.g. { errcode: -1 } for "system busy"). */
  override: { status: number; body: unknown } | null
  /** Per path (e.g. '/wxa/msg_sec_check'), an answer given instead of the normal one: WeChat down or busy. */
  failures: Map<string, { status: number; body: unknown }>
  /** The verdict msg_sec_check gives; `label` is a number, as WeChat sends it. Default: pass (100). */
  textVerdict: (content: string) => { suggest: 'pass' | 'review' | 'risky'; label: number }
  /** The access token stable_token hands out now. */
  readonly accessToken: string
  /** Another server forced a refresh: the current token stops working and stable_token hands out a new one. */
  rotateToken: () => void
  /** The user accepted `templateId` in wx.requestSubscribeMessage `times` times: that many messages may be sent. */
  subscribe: (openid: string, templateId: string, times?: number) => void
  /** Milliseconds subscribeMessage.send takes to answer (WeChat's round trip; 0 in the tests, set by the bench). */
  sendLatencyMs: number
  /** Messages WeChat delivered, in order. */
  delivered: { openid: string; templateId: string; page: string; data: Record<string, { value: string }>; state: string }[]
  /** Calls to one path, in order. */
  callsTo: (path: string) => FakeWechatCall[]
  close: () => Promise<void>
}

const APP_ID = 'wx0123456789abcdef'
const SECRET = 'test-secret'

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  if (req.method !== 'POST') return null
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  if (!text) return null
  try {
    return JSON.parse(text) as Record<string, unknown>
  } catch {
    return { unparsable: text }
  }
}

/** WeChat's rules for 订阅消息 values by the kind in the key (thing1, phrase3 …); the first field that breaks them. */
function invalidTemplateField(data: unknown): string | null {
  if (!data || typeof data !== 'object') return 'data'
  const rules: [RegExp, (v: string) => boolean][] = [
    [/^thing\d+$/, (v) => Array.from(v).length <= 20],
    [/^phrase\d+$/, (v) => /^[\u4e00-\u9fff]{1,5}$/.test(v)],
    [/^character_string\d+$/, (v) => /^[\x21-\x7e]{1,32}$/.test(v)],
    [/^number\d+$/, (v) => /^\d{1,32}(\.\d+)?$/.test(v)],
    [/^(time|date)\d+$/, (v) => /\d/.test(v) && v.length <= 40],
    [/^name\d+$/, (v) => Array.from(v).length <= 10],
  ]
  for (const [key, field] of Object.entries(data as Record<string, unknown>)) {
    const value = (field as { value?: unknown } | null)?.value
    if (typeof value !== 'string' || !value) return key
    const rule = rules.find(([pattern]) => pattern.test(key))
    if (!rule || !rule[1](value)) return key
  }
  return null
}

export async function startFakeWechat(): Promise<FakeWechat> {
  const state = {
    calls: [] as FakeWechatCall[],
    codes: new Map<string, string>(),
    phoneCodes: new Map<string, string>(),
    override: null as FakeWechat['override'],
    failures: new Map<string, { status: number; body: unknown }>(),
    textVerdict: (() => ({ suggest: 'pass', label: 100 })) as FakeWechat['textVerdict'],
    tokenGeneration: 1,
    traces: 0,
    subscriptions: new Map<string, number>(),
    sendLatencyMs: 0,
    delivered: [] as FakeWechat['delivered'],
  }
  const currentToken = () => `fake-access-token-${state.tokenGeneration}`

  const server: Server = createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      const answer = () => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body))
      }
      if (state.sendLatencyMs && req.url?.startsWith('/cgi-bin/message/subscribe/send')) setTimeout(answer, state.sendLatencyMs)
      else answer()
    }
    void readJson(req).then((body) => {
      const url = new URL(req.url ?? '/', 'http://fake')
      const query = Object.fromEntries(url.searchParams)
      state.calls.push({ method: req.method ?? 'GET', path: url.pathname, query, body })

      if (url.pathname === '/sns/jscode2session') {
        if (state.override) return reply(state.override.status, state.override.body)
        if (!query.appid || !query.secret || query.grant_type !== 'authorization_code') return reply(200, { errcode: 40013, errmsg: 'invalid appid' })
        const openid = state.codes.get(query.js_code ?? '')
        if (!openid) return reply(200, { errcode: 40029, errmsg: 'invalid code' })
        return reply(200, { openid, session_key: 'c2Vzc2lvbi1rZXk=' })
      }

      const failure = state.failures.get(url.pathname)
      if (failure) return reply(failure.status, failure.body)

      if (url.pathname === '/cgi-bin/stable_token' && req.method === 'POST') {
        if (body?.grant_type !== 'client_credential' || body.appid !== APP_ID || body.secret !== SECRET) return reply(200, { errcode: 40013, errmsg: 'invalid appid' })
        if (body.force_refresh === true) state.tokenGeneration++
        return reply(200, { access_token: currentToken(), expires_in: 7200 })
      }

      const needsToken = url.pathname === '/wxa/msg_sec_check' || url.pathname === '/wxa/media_check_async'
      if (needsToken && req.method === 'POST') {
        if (query.access_token !== currentToken()) return reply(200, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' })
        if (!body || body.version !== 2 || typeof body.openid !== 'string' || ![1, 2, 3, 4].includes(body.scene as number)) return reply(200, { errcode: 47001, errmsg: 'data format error' })
        const traceId = `fake-trace-${++state.traces}`
        if (url.pathname === '/wxa/msg_sec_check') {
          if (typeof body.content !== 'string' || !body.content) return reply(200, { errcode: 47001, errmsg: 'data format error' })
          const verdict = state.textVerdict(body.content)
          return reply(200, { errcode: 0, errmsg: 'ok', result: verdict, detail: [{ strategy: 'content_model', errcode: 0, suggest: verdict.suggest, label: verdict.label, prob: 90 }], trace_id: traceId })
        }
        if (typeof body.media_url !== 'string' || body.media_type !== 2) return reply(200, { errcode: 47001, errmsg: 'data format error' })
        return reply(200, { errcode: 0, errmsg: 'ok', trace_id: traceId })
      }

      if (url.pathname === '/wxa/business/getuserphonenumber' && req.method === 'POST') {
        if (query.access_token !== currentToken()) return reply(200, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' })
        const phone = state.phoneCodes.get(typeof body?.code === 'string' ? body.code : '')
        if (!phone) return reply(200, { errcode: 40029, errmsg: 'invalid code' })
        return reply(200, { errcode: 0, errmsg: 'ok', phone_info: { phoneNumber: phone, purePhoneNumber: phone, countryCode: '86', watermark: { timestamp: 0, appid: APP_ID } } })
      }

      if (url.pathname === '/cgi-bin/message/subscribe/send' && req.method === 'POST') {
        if (query.access_token !== currentToken()) return reply(200, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' })
        if (typeof body?.touser !== 'string' || !body.touser) return reply(200, { errcode: 40003, errmsg: 'invalid openid' })
        if (typeof body.template_id !== 'string' || !body.template_id) return reply(200, { errcode: 40037, errmsg: 'invalid template id' })
        const invalid = invalidTemplateField(body.data)
        if (invalid) return reply(200, { errcode: 47003, errmsg: `argument invalid! data.${invalid}.value invalid` })
        const key = `${body.touser}\0${body.template_id}`
        const left = state.subscriptions.get(key) ?? 0
        if (left < 1) return reply(200, { errcode: 43101, errmsg: 'user refuse to accept the msg' })
        state.subscriptions.set(key, left - 1)
        state.delivered.push({ openid: body.touser, templateId: body.template_id, page: String(body.page ?? ''), data: body.data as Record<string, { value: string }>, state: String(body.miniprogram_state ?? 'formal') })
        return reply(200, { errcode: 0, errmsg: 'ok', msgid: state.delivered.length })
      }

      return reply(404, { errcode: 404, errmsg: 'not found' })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    get calls() {
      return state.calls
    },
    codes: state.codes,
    phoneCodes: state.phoneCodes,
    get override() {
      return state.override
    },
    set override(v) {
      state.override = v
    },
    failures: state.failures,
    get textVerdict() {
      return state.textVerdict
    },
    set textVerdict(v) {
      state.textVerdict = v
    },
    get accessToken() {
      return currentToken()
    },
    rotateToken() {
      state.tokenGeneration++
    },
    subscribe(openid, templateId, times = 1) {
      const key = `${openid}\0${templateId}`
      state.subscriptions.set(key, (state.subscriptions.get(key) ?? 0) + times)
    },
    delivered: state.delivered,
    get sendLatencyMs() {
      return state.sendLatencyMs
    },
    set sendLatencyMs(v) {
      state.sendLatencyMs = v
    },
    callsTo: (path) => state.calls.filter((c) => c.path === path),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
