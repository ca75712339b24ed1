import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A local stand-in for WeChat's server API (api.weixin.qq.com), reached by the product through
 * WECHAT_API_BASE. It answers like WeChat does and records every call:
 * - GET /sns/jscode2session: an openid for a good code, an errcode for a bad one;
 * - POST /cgi-bin/stable_token: the app's current access token (the same one until it is rotated);
 * - POST /wxa/msg_sec_check?access_token=: a verdict on the text (configurable), 40001 for a token that is not
 *   the current one;
 * - POST /wxa/media_check_async?access_token=: a trace id; the verdict comes later as a push, which the test sends.
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
  }
  const currentToken = () => `fake-access-token-${state.tokenGeneration}`

  const server: Server = createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
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
    callsTo: (path) => state.calls.filter((c) => c.path === path),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
