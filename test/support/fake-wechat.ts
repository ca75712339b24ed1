import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A local stand-in for WeChat's server API (api.weixin.qq.com), reached by the product through
 * WECHAT_API_BASE. It answers jscode2session like WeChat does: an openid for a good code, an errcode for a bad
 * one, and it records every call.
 */
export type FakeWechat = {
  baseUrl: string
  calls: { path: string; query: Record<string, string> }[]
  /** code → openid; codes not listed get errcode 40029 (invalid code). */
  codes: Map<string, string>
  /** When set, every jscode2session answers this instead (e.g. { errcode: -1 } for "system busy"). */
  override: { status: number; body: unknown } | null
  close: () => Promise<void>
}

export async function startFakeWechat(): Promise<FakeWechat> {
  const state = { calls: [] as FakeWechat['calls'], codes: new Map<string, string>(), override: null as FakeWechat['override'] }
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake')
    const query = Object.fromEntries(url.searchParams)
    state.calls.push({ path: url.pathname, query })
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (url.pathname !== '/sns/jscode2session') return reply(404, { errcode: 404, errmsg: 'not found' })
    if (state.override) return reply(state.override.status, state.override.body)
    if (!query.appid || !query.secret || query.grant_type !== 'authorization_code') return reply(200, { errcode: 40013, errmsg: 'invalid appid' })
    const openid = state.codes.get(query.js_code ?? '')
    if (!openid) return reply(200, { errcode: 40029, errmsg: 'invalid code' })
    return reply(200, { openid, session_key: 'c2Vzc2lvbi1rZXk=' })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    get calls() {
      return state.calls
    },
    codes: state.codes,
    get override() {
      return state.override
    },
    set override(v) {
      state.override = v
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
