import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { sql } from 'drizzle-orm'
import type { InjectOptions } from 'fastify'
import { MAX_ID, withoutControlCharacters } from '../../types/api/common'
import { ERRORS, type ErrorCode } from '../../types/api/errors'
import { createTestApp, type TestApp } from '../support/test-app'

/*
 * Bad input is a 4xx {code, message}, never a 500, and changes nothing — proven on every route at once, with
 * requests derived from the routes' own zod contracts. The routes and their schemas come from the app itself
 * (its OpenAPI document lists them; a hook records each route's zod schemas). Each request is a nearly valid
 * one — values the contract accepts — with one defect the contract must refuse: a control character (NUL …) in a
 * text field, an id or number beyond what PostgreSQL's integer holds, a wrong type, a required field left out,
 * an unknown id, a tampered page cursor, malformed JSON or multipart. Sent as a resident, staff, the admin and
 * nobody, every answer must be < 500, every 4xx must carry a known code with its status and a Chinese message,
 * and no row of any table may change (a fingerprint of each table before and after).
 *
 * CONTRACT_FUZZ_RUNS sets the number of requests (default 5000), CONTRACT_FUZZ_SEED replays a run.
 */

const RUNS = Number(process.env.CONTRACT_FUZZ_RUNS ?? 5000)
/** The run's seed, printed with its figures: CONTRACT_FUZZ_SEED replays a run. */
const SEED = Number(process.env.CONTRACT_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31))

/* ------------------------------------------------------------------ zod, walked through its definitions */

// zod 4 keeps each schema's definition at `_zod.def`; only the parts used here are typed.
type Def = {
  type: string
  shape?: Record<string, Schema>
  innerType?: Schema
  element?: Schema
  options?: Schema[]
  in?: Schema
  values?: unknown[]
  entries?: Record<string, string | number>
  checks?: { _zod: { def: { check: string; fn?: unknown; minimum?: number; maximum?: number; value?: number; inclusive?: boolean; format?: string } } }[]
  coerce?: boolean
}
type Schema = { _zod: { def: Def }; safeParse: (v: unknown) => { success: boolean } }
type RouteSchema = { body?: Schema; querystring?: Schema; params?: Schema }

const def = (s: Schema) => s._zod.def
const checksOf = (s: Schema) => def(s).checks?.map((c) => c._zod.def) ?? []

/** The schema under optional, nullable, default, readonly and catch, and what those allow. */
function unwrap(s: Schema): { inner: Schema; optional: boolean; nullable: boolean } {
  let optional = false
  let nullable = false
  for (;;) {
    const d = def(s)
    if (d.type === 'optional' || d.type === 'default' || d.type === 'prefault') optional = true
    else if (d.type === 'nullable') nullable = true
    else if (d.type !== 'readonly' && d.type !== 'catch') return { inner: s, optional, nullable }
    s = d.innerType!
  }
}

/** A pipe (a transform, a preprocess) is generated from what it takes in. */
function input(s: Schema): Schema {
  while (def(s).type === 'pipe') s = def(s).in!
  return s
}

type Leaf = { path: (string | number)[]; schema: Schema; nullable: boolean; key: string }
type Rng = { int: (n: number) => number; pick: <T>(xs: readonly T[]) => T; chance: (p: number) => boolean }

function rng(seed: number): Rng {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let x = a
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  return { int, pick: (xs) => xs[int(xs.length)]!, chance: (p) => next() < p }
}

const isIdKey = (key: string) => /(^id$|Id$|Ids$)/.test(key)
const KNOWN_IDS = [1, 2, 3, 4, 5]
const STRING_SAMPLES = [
  '2026-12-11T09:00:00+08:00', '2026-12-11', '2026-12', '09:00', '18:00', '13812345678', '91230000MA1C2D3E4X', 'ABCD2345', 'resident',
  '社区测试内容一二三四五', '测试', '测试一下', 'ab', 'a', '1', '12345678', 'abcdefgh12345678',
]
const NUMBER_SAMPLES = [1, 2, 3, 5, 10, 20, 24, 30, 60, 120, 1440, 0, 50.25, 127.5, 2026, 100, 1000]

/** A value the schema accepts (as far as a field alone can tell), and the leaves it is made of. */
function sample(s: Schema, r: Rng, path: (string | number)[], leaves: Leaf[], asText: boolean, key = ''): unknown {
  const { inner, nullable } = unwrap(s)
  const n = input(inner)
  const d = def(n)
  const leaf = () => leaves.push({ path, schema: n, nullable, key })
  if (nullable && r.chance(0.15)) return null
  switch (d.type) {
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const [k, field] of Object.entries(d.shape ?? {})) {
        if (unwrap(field).optional && r.chance(0.35)) continue
        out[k] = sample(field, r, [...path, k], leaves, asText, k)
      }
      return out
    }
    case 'array': {
      const min = checksOf(n).find((c) => c.check === 'min_length')?.minimum ?? 0
      const length = Math.max(min, r.int(3))
      leaf()
      return Array.from({ length }, (_, i) => sample(d.element!, r, [...path, i], leaves, asText, key))
    }
    case 'union':
      return sample(r.pick(d.options!), r, path, leaves, asText, key)
    case 'string': {
      leaf()
      const fits = STRING_SAMPLES.filter((v) => n.safeParse(v).success)
      if (fits.length) return r.pick(fits)
      const min = checksOf(n).find((c) => c.check === 'min_length')?.minimum ?? 1
      return '测'.repeat(min)
    }
    case 'number': {
      leaf()
      const fits = (isIdKey(key) ? KNOWN_IDS : NUMBER_SAMPLES).filter((v) => n.safeParse(v).success)
      const v = fits.length ? r.pick(fits) : 1
      return asText ? String(v) : v
    }
    case 'boolean': {
      leaf()
      const v = r.chance(0.5)
      return asText ? String(v) : v
    }
    case 'enum': {
      leaf()
      return r.pick(Object.values(d.entries!))
    }
    case 'literal': {
      leaf()
      return d.values![0]
    }
    default:
      return asText ? '1' : {}
  }
}

/* ------------------------------------------------------------------ defects */

const CONTROL = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\r', '\u001b', '\u007f', '\u0085', '\u009f']
const OUT_OF_RANGE = [2 ** 31, 2 ** 53, -(2 ** 31) - 1, 1e308, -1e308, 2 ** 63]
const BAD_IDS = [0, -1, 2 ** 31, 2 ** 53, 1.5, MAX_ID]
const BAD_ID_TEXT = ['0', '-1', '2147483648', '9007199254740993', '99999999999999999999', 'abc', '1.5', 'NaN', 'Infinity', '1e400', '', '%00', '2147483647']
const BAD_NUMBER_TEXT = ['2147483648', '9007199254740993', '-2147483649', '1e400', 'NaN', 'abc', '', '%00']
const BAD_CURSORS = [
  '99999999999', '2147483648', '-1', '1_2_3', '9999999999999999_1', '1700000000000_99999999999', '99999999999999999999_1', '2026-13-45:1',
  '-:99999999999', '2026-12-01:2147483648', 'abc', '_', ':', '0_0', '%00', 'NaN_NaN', '1e400', '-:-1',
]

type Mutable = Record<string, unknown>
function setAt(root: Mutable, path: (string | number)[], value: unknown) {
  let o = root as Record<string | number, unknown>
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>
  o[path[path.length - 1]!] = value
}
function deleteAt(root: Mutable, path: (string | number)[]) {
  let o = root as Record<string | number, unknown>
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>
  delete o[path[path.length - 1]!]
}
function getAt(root: unknown, path: (string | number)[]) {
  let o = root as Record<string | number, unknown>
  for (const k of path) o = o?.[k] as Record<string | number, unknown>
  return o as unknown
}
const withControl = (r: Rng, v: unknown) => {
  const s = typeof v === 'string' && v.length ? v : '测试'
  const at = r.int(s.length + 1)
  return s.slice(0, at) + r.pick(CONTROL) + s.slice(at)
}

/** One defect the contract must refuse, put into a JSON body (or into the leaves of a query or path). */
function jsonDefect(r: Rng, value: Mutable, leaves: Leaf[]): string {
  const leaf = r.pick(leaves)
  if (!leaf || leaf.path.length === 0) return 'none'
  const d = def(leaf.schema)
  const current = getAt(value, leaf.path)
  switch (r.int(3) === 0 ? 'type' : d.type) {
    case 'string':
      if (r.chance(0.85)) {
        setAt(value, leaf.path, withControl(r, current))
        return `control character in ${leaf.path.join('.')}`
      }
      setAt(value, leaf.path, 'x'.repeat(20_000 + r.int(100_000)))
      return `huge string in ${leaf.path.join('.')}`
    case 'number':
      if (isIdKey(leaf.key)) {
        const id = r.pick(BAD_IDS)
        setAt(value, leaf.path, id)
        return `id ${id} in ${leaf.path.join('.')}`
      }
      setAt(value, leaf.path, r.pick(OUT_OF_RANGE))
      return `number out of range in ${leaf.path.join('.')}`
    case 'array':
      setAt(value, leaf.path, Array.from({ length: 1000 }, () => (Array.isArray(current) && current.length ? current[0] : 1)))
      return `1000 elements in ${leaf.path.join('.')}`
    case 'enum':
    case 'literal':
      setAt(value, leaf.path, r.pick(['bogus', 12345, '']))
      return `not one of the values in ${leaf.path.join('.')}`
    default: {
      // A value of another JSON type (null only where the field does not take it).
      // Never the valid value itself (`true` is no wrong type for z.literal(true)).
      const wrong = (d.type === 'string' ? [12345, true, {}, []] : d.type === 'number' ? ['12', true, {}, []] : d.type === 'boolean' ? ['true', 1, {}] : ['x', 12345, true]).filter((v) => v !== current)
      setAt(value, leaf.path, r.pick(leaf.nullable ? wrong : [...wrong, null]))
      return `wrong type in ${leaf.path.join('.')}`
    }
  }
}

/** The fields that must be sent (neither optional nor defaulted), as paths. */
function requiredPaths(s: Schema, path: (string | number)[] = []): (string | number)[][] {
  const { inner } = unwrap(s)
  const d = def(input(inner))
  if (d.type !== 'object') return []
  const out: (string | number)[][] = []
  for (const [k, field] of Object.entries(d.shape ?? {})) {
    if (!unwrap(field).optional) out.push([...path, k], ...requiredPaths(field, [...path, k]))
  }
  return out
}

/* ------------------------------------------------------------------ the app, its routes and its tables */

type Route = { method: string; url: string; schema: RouteSchema }
type Persona = 'resident' | 'staff' | 'admin' | 'nobody'
type Failure = { route: string; what: string; status: number; body: string; request: string }

let t: TestApp
const schemas = new Map<string, RouteSchema>()
let routes: Route[] = []
const auth: Record<Persona, Record<string, string>> = { resident: {}, staff: {}, admin: {}, nobody: {} }

/*
 * Tables left out of the fingerprint, being append-only technical records that a refused request writes by
 * design: the log of who read whose personal data (a read is logged as it happens, whatever comes after) and
 * the idempotency keys (a refused write's 4xx is stored under its key, so that a retry gets the same answer).
 * Rate-limit counters live in memory, not in a table. `dashboard_month_versions` and `dashboard_pieces` are a
 * cache that the dashboard (a read) fills on first need. Everything else — sessions, uploads, push nonces, the audit log of
 * writes — is fingerprinted; the audit log without its export rows, since an export asked for as it should be is
 * a read that is logged as it starts.
 */
const NOT_FINGERPRINTED = new Set(['personal_data_access', 'idempotency_keys', '__drizzle_migrations', 'dashboard_month_versions', 'dashboard_pieces'])
const FINGERPRINTED_ROWS: Record<string, string> = { audit_log: `where t.action not like 'export.%'` }

async function fingerprint(): Promise<Record<string, string>> {
  const { rows: tables } = (await t.handle.db.execute(
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  )) as unknown as { rows: { name: string }[] }
  const out: Record<string, string> = {}
  for (const { name } of tables) {
    if (NOT_FINGERPRINTED.has(name)) continue
    const { rows } = (await t.handle.db.execute(sql.raw(`select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) as h from "${name}" t ${FINGERPRINTED_ROWS[name] ?? ''}`))) as unknown as { rows: { h: string }[] }
    out[name] = rows[0]!.h
  }
  return out
}

beforeAll(async () => {
  t = await createTestApp({
    // Shedding load (503 while the event loop lags) has its own tests; on a busy CI machine it is not bad input.
    env: { MAX_EVENT_LOOP_DELAY_MS: '0' },
    extend: (app) => {
      // Each route's zod schemas, as the app validates with them.
      app.addHook('onResponse', async (request) => {
        const s = request.routeOptions.schema as RouteSchema | undefined
        if (request.routeOptions.url && s) schemas.set(`${request.method} ${request.routeOptions.url}`, s)
      })
    },
  })
  for (const p of ['resident', 'staff', 'admin'] as const) auth[p] = await t.headersAs(p)
  // Every route of the OpenAPI document, probed once with a body the JSON parser refuses to learn its schemas.
  const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> }
  for (const [p, methods] of Object.entries(doc.paths)) {
    const url = p.replace(/\{(\w+)\}/g, ':$1')
    for (const method of Object.keys(methods).map((m) => m.toUpperCase())) {
      if (method === 'HEAD' || method === 'OPTIONS') continue
      const withBody = method !== 'GET' && method !== 'DELETE'
      await t.app.inject({ method: method as InjectOptions['method'], url: url.replace(/:\w+/g, '2147483647'), ...(withBody ? { headers: { 'content-type': 'application/json' }, payload: '{' } : {}) })
      routes.push({ method, url, schema: schemas.get(`${method} ${url}`) ?? {} })
    }
  }
}, 120_000)
afterAll(() => t?.close())

/* ------------------------------------------------------------------ one malformed request */

type Built = { options: InjectOptions; what: string; mustRefuse: boolean }

const encode = (v: unknown) => encodeURIComponent(String(v)).replace(/%2500/g, '%00')

function buildRequest(route: Route, r: Rng, persona: Persona): Built {
  const { method, url, schema } = route
  const mutating = method !== 'GET'
  const headers: Record<string, string> = { ...auth[persona] }

  // Path and query start valid; the body too.
  const paramLeaves: Leaf[] = []
  const params = (schema.params ? sample(schema.params, r, [], paramLeaves, true) : {}) as Mutable
  const queryLeaves: Leaf[] = []
  const query = (schema.querystring ? sample(schema.querystring, r, [], queryLeaves, true) : {}) as Mutable
  const bodyLeaves: Leaf[] = []
  const body = schema.body ? sample(schema.body, r, [], bodyLeaves, false) : undefined
  let payload: string | undefined = body === undefined ? (mutating && method !== 'DELETE' ? '{}' : undefined) : JSON.stringify(body)
  let what = ''

  const slots: string[] = []
  if (paramLeaves.length) slots.push('params')
  if (queryLeaves.length) slots.push('query')
  if (bodyLeaves.length) slots.push('body')
  if (schema.body && requiredPaths(schema.body).length) slots.push('missing')
  if (method !== 'GET' && method !== 'DELETE') slots.push('json', 'content-type')
  if (url === '/api/uploads') slots.push('multipart', 'multipart', 'multipart')
  const slot = slots.length ? r.pick(slots) : 'none'

  switch (slot) {
    case 'params': {
      const leaf = r.pick(paramLeaves)
      const v = isIdKey(leaf.key) || def(leaf.schema).type === 'number' ? r.pick(BAD_ID_TEXT) : r.chance(0.7) ? withControl(r, params[leaf.key]) : 'x'.repeat(300)
      params[leaf.key] = v
      what = `path ${leaf.key} = ${JSON.stringify(v)}`
      break
    }
    case 'query': {
      const leaf = r.pick(queryLeaves)
      const type = def(leaf.schema).type
      const v =
        leaf.key === 'cursor' ? r.pick(BAD_CURSORS)
        : isIdKey(leaf.key) ? r.pick(BAD_ID_TEXT)
        : type === 'number' ? r.pick(BAD_NUMBER_TEXT)
        : type === 'string' ? (r.chance(0.8) ? withControl(r, query[leaf.key]) : 'x'.repeat(5000))
        : r.pick(['bogus', '%00', 'x'.repeat(300)])
      setAt(query, leaf.path, v)
      what = `query ${leaf.path.join('.')} = ${JSON.stringify(v).slice(0, 60)}`
      break
    }
    case 'body':
      what = jsonDefect(r, body as Mutable, bodyLeaves)
      payload = JSON.stringify(body)
      break
    case 'missing': {
      const paths = requiredPaths(schema.body!)
      // A required field inside a nested object that was sent as null: leave out the top-level field instead.
      const picked = r.pick(paths)
      const parent = getAt(body, picked.slice(0, -1))
      const p = parent !== null && typeof parent === 'object' ? picked : picked.slice(0, 1)
      deleteAt(body as Mutable, p)
      what = `missing ${p.join('.')}`
      payload = JSON.stringify(body)
      break
    }
    case 'json': {
      // JSON the parser refuses whatever the route; a value of the wrong type only where the route takes a body.
      const broken = ['{', '{"a":', '[1,', 'nul', '"\u0000"', '{"x":"\\u0000"', '\u0000', '{}}', 'undefined', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}']
      const wrongType = ['[]', '"text"', '12345', 'null', 'true']
      const bad = schema.body && r.chance(0.4) ? r.pick(wrongType) : r.pick(broken)
      payload = bad
      what = `body ${JSON.stringify(bad)}`
      break
    }
    case 'content-type': {
      // Types no parser takes; plain text is taken as a string, which only a route with a body refuses.
      const types = ['application/xml', 'application/x-www-form-urlencoded', 'image/png', ...(schema.body ? ['text/plain'] : [])]
      headers['content-type'] = r.pick(types)
      what = `content-type ${headers['content-type']}`
      break
    }
    case 'multipart': {
      const boundary = r.pick(['XyZ', 'b'.repeat(300), '', '"unterminated'])
      const part = (name: string, extra = '') => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="a.jpg"${extra}\r\nContent-Type: image/jpeg\r\n\r\n`
      const cases: [string, string, string][] = [
        ['no boundary', 'multipart/form-data', `${part('file')}abc\r\n--${boundary}--\r\n`],
        ['unterminated body', `multipart/form-data; boundary=${boundary}`, `${part('file')}\u00ff\u00d8\u00ff\u00e0 not finished`],
        ['no closing boundary', `multipart/form-data; boundary=${boundary}`, `${part('file')}abc\r\n`],
        ['empty body', `multipart/form-data; boundary=${boundary}`, ''],
        ['a part without headers', `multipart/form-data; boundary=${boundary}`, `--${boundary}\r\ngarbage\r\n\r\n--${boundary}--\r\n`],
        ['text instead of an image', `multipart/form-data; boundary=${boundary}`, `${part('file')}hello, not an image\r\n--${boundary}--\r\n`],
        ['a field but no file', `multipart/form-data; boundary=${boundary}`, `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhi\r\n--${boundary}--\r\n`],
        ['two files', `multipart/form-data; boundary=${boundary}`, `${part('file')}a\r\n${part('file')}b\r\n--${boundary}--\r\n`],
        ['a NUL in the field name', `multipart/form-data; boundary=${boundary}`, `${part('fi\u0000le')}abc\r\n--${boundary}--\r\n`],
      ]
      const [name, type, raw] = r.pick(cases)
      headers['content-type'] = type
      payload = raw
      what = `multipart: ${name} (boundary ${boundary.slice(0, 10)}${boundary.length > 10 ? '…' : ''})`
      break
    }
    default:
      what = 'as the contract allows'
  }
  if (r.chance(0.2) && body && typeof body === 'object' && !Array.isArray(body) && slot === 'body') {
    ;(body as Mutable)[`extra${r.int(100)}`] = withControl(r, 'x')
    payload = JSON.stringify(body)
    what += ' + an extra field'
  }
  if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json'

  const path = url.replace(/:(\w+)/g, (_, k: string) => encode(params[k] ?? '1'))
  const qs = Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encode(v)}`)
    .join('&')
  const idempotency = mutating && r.chance(0.3) ? { 'idempotency-key': `fuzz-${r.int(1e9)}` } : {}
  return {
    options: { method: method as InjectOptions['method'], url: qs ? `${path}?${qs}` : path, headers: { ...headers, ...idempotency }, ...(payload !== undefined ? { payload } : {}) },
    what,
    mustRefuse: mutating && slot !== 'none',
  }
}

/* ------------------------------------------------------------------ the property */

function check(route: Route, built: Built, res: { statusCode: number; body: string }): string | null {
  if (res.statusCode >= 500) return 'a 5xx'
  if (res.statusCode >= 400) {
    let parsed: { code?: string; message?: string }
    try {
      parsed = JSON.parse(res.body)
    } catch {
      return 'a 4xx that is not JSON'
    }
    const known = parsed.code !== undefined && parsed.code in ERRORS
    if (!known) return `unknown code ${parsed.code}`
    if (ERRORS[parsed.code as ErrorCode].status !== res.statusCode) return `code ${parsed.code} with status ${res.statusCode}`
    if (typeof parsed.message !== 'string' || !/[\u4e00-\u9fa5]/.test(parsed.message)) return 'a message without Chinese'
    return null
  }
  if (built.mustRefuse) return `accepted (${res.statusCode}) a request the contract must refuse`
  return null
}

describe(`${RUNS} malformed requests derived from the zod contracts of every route`, () => {
  it('found the routes and their schemas', () => {
    expect(routes.length).toBeGreaterThan(100)
    const missing = routes.filter((r) => Object.keys(r.schema).length === 0 && r.method !== 'GET').map((r) => `${r.method} ${r.url}`)
    expect(missing.length, missing.join('\n')).toBeLessThan(routes.length / 4)
  })

  it('every text field of every request carries the one text rule (no control characters but \\n and \\t)', () => {
    const offenders = new Set<string>()
    const walk = (s: Schema, where: string) => {
      const { inner } = unwrap(s)
      const n = def(inner).type === 'pipe' ? input(inner) : inner
      const d = def(n)
      if (d.type === 'object') for (const [k, f] of Object.entries(d.shape ?? {})) walk(f, `${where}.${k}`)
      else if (d.type === 'array') walk(d.element!, `${where}[]`)
      else if (d.type === 'union') d.options!.forEach((o, i) => walk(o, `${where}|${i}`))
      // WeChat's push (a record of whatever WeChat sends) is read only once its signature proved it WeChat's.
      else if (d.type === 'record') {
        if (where !== 'POST /api/wechat/push body') offenders.add(`${where} (a record of any keys)`)
      }
      else if (d.type === 'string') {
        const ruled = checksOf(n).some((c) => c.fn === withoutControlCharacters)
        // A string whose whole format is fixed (a date, an instant) cannot hold a control character either.
        const formatted = (d as { format?: string }).format !== undefined || checksOf(n).some((c) => c.check === 'string_format' && c.format !== 'regex')
        if (!ruled && !formatted) offenders.add(where)
      }
    }
    for (const r of routes) {
      for (const part of ['params', 'querystring', 'body'] as const) if (r.schema[part]) walk(r.schema[part], `${r.method} ${r.url} ${part}`)
    }
    expect([...offenders]).toEqual([])
  })

  it('every list in a request has an upper bound', () => {
    const offenders = new Set<string>()
    const walk = (s: Schema, where: string) => {
      const n = input(unwrap(s).inner)
      const d = def(n)
      if (d.type === 'object') for (const [k, f] of Object.entries(d.shape ?? {})) walk(f, `${where}.${k}`)
      else if (d.type === 'union') d.options!.forEach((o, i) => walk(o, `${where}|${i}`))
      else if (d.type === 'array') {
        if (!checksOf(n).some((c) => c.check === 'max_length')) offenders.add(where)
        walk(d.element!, `${where}[]`)
      }
    }
    for (const r of routes) {
      for (const part of ['params', 'querystring', 'body'] as const) if (r.schema[part]) walk(r.schema[part], `${r.method} ${r.url} ${part}`)
    }
    expect([...offenders]).toEqual([])
  })

  it('a PATCH body fills nothing in: an empty one parses to nothing, so only the fields sent change', () => {
    const patches = routes.filter((r) => r.method === 'PATCH')
    expect(patches.length).toBeGreaterThanOrEqual(4)
    for (const r of patches) {
      const parsed = (r.schema.body as unknown as { parse: (v: unknown) => unknown }).parse({})
      expect(parsed, `${r.method} ${r.url}`).toEqual({})
    }
  })

  it('every id of every request is the one id schema: a positive integer PostgreSQL\'s integer holds', () => {
    const offenders = new Set<string>()
    const walk = (s: Schema, where: string, key: string) => {
      const { inner } = unwrap(s)
      const n = input(inner)
      const d = def(n)
      if (d.type === 'object') for (const [k, f] of Object.entries(d.shape ?? {})) walk(f, `${where}.${k}`, k)
      else if (d.type === 'array') walk(d.element!, `${where}[]`, key)
      else if (d.type === 'union') d.options!.forEach((o, i) => walk(o, `${where}|${i}`, key))
      else if (isIdKey(key) && d.type === 'number') {
        // Accepts 1 and MAX_ID, refuses 0 and MAX_ID + 1 (as a number in a body, as text in a path or query).
        const text = d.coerce === true
        const ok = (v: number) => n.safeParse(text ? String(v) : v).success
        if (!ok(1) || !ok(MAX_ID) || ok(MAX_ID + 1) || ok(2 ** 53) || ok(1.5)) offenders.add(where)
      } else if (isIdKey(key) && d.type === 'string' && key !== 'cursor') offenders.add(`${where} (an id as free text)`)
    }
    for (const r of routes) {
      for (const part of ['params', 'querystring', 'body'] as const) if (r.schema[part]) walk(r.schema[part], `${r.method} ${r.url} ${part}`, '')
    }
    expect([...offenders]).toEqual([])
  })

  it('answers each with a 4xx {code, message} (or a read as asked), never a 500, and changes no row', async () => {
    const before = await fingerprint()
    const failures: Failure[] = []
    let sent = 0
    const statuses = new Map<number, number>()
    const perRoute = Math.ceil(RUNS / routes.length)
    const started = performance.now()
    for (const [i, route] of routes.entries()) {
      await fc.assert(
        fc.asyncProperty(fc.integer(), fc.constantFrom<Persona>('resident', 'staff', 'admin', 'nobody'), async (seed, persona) => {
          const built = buildRequest(route, rng(seed), persona)
          const res = await t.app.inject(built.options)
          sent++
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
          const problem = check(route, built, res)
          if (problem) {
            failures.push({
              route: `${route.method} ${route.url}`,
              what: `${problem}: ${built.what} as ${persona}`,
              status: res.statusCode,
              body: res.body.slice(0, 200),
              request: `${built.options.method} ${String(built.options.url).slice(0, 200)} ${String(built.options.payload ?? '').slice(0, 200)}`,
            })
          }
        }),
        { numRuns: perRoute, seed: SEED + i },
      )
    }
    const seconds = (performance.now() - started) / 1000
    console.info(`contract fuzz (seed ${SEED}): ${sent} requests over ${routes.length} routes in ${seconds.toFixed(1)} s (${(sent / seconds).toFixed(0)} requests/s); answers by status: ${[...statuses].sort((x, y) => x[0] - y[0]).map(([k, v]) => `${k}×${v}`).join(' ')}`)
    expect(sent).toBeGreaterThanOrEqual(RUNS)
    // One line per route and kind of failure, to read them all at once.
    const seen = new Set<string>()
    const distinct = failures.filter((f) => {
      const k = `${f.route} ${f.what.split(':')[0]} ${f.status}`
      return seen.has(k) ? false : (seen.add(k), true)
    })
    expect(distinct, `${failures.length} failures (CONTRACT_FUZZ_SEED=${SEED} replays them)`).toEqual([])
    const after = await fingerprint()
    const changed = Object.keys(before).filter((k) => before[k] !== after[k])
    expect(changed).toEqual([])
  }, 600_000)
})
