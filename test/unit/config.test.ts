import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ConfigError, estimatedEntropyBits, loadConfig } from '../../server/src/config'

const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://doorstep@db.internal:5432/doorstep',
  SESSION_SECRET: randomBytes(48).toString('base64'),
  WECHAT_APPID: 'wx0123456789abcdef',
  WECHAT_SECRET: 'secret',
  PUBLIC_BASE_URL: 'https://api.doorstep.example.cn',
  WECHAT_PUSH_TOKEN: 'push-token',
  DATA_KEY: randomBytes(32).toString('base64'),
}

describe('configuration', () => {
  it('defaults to the embedded database in .data and the H5 build in dist-h5', () => {
    const config = loadConfig({}, '/srv/doorstep')
    expect(config.database).toEqual({ kind: 'pglite', dataDir: path.resolve('/srv/doorstep/.data') })
    expect(config.h5Dir).toBe(path.resolve('/srv/doorstep/dist-h5'))
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', demo: false, env: 'development' })
    expect(config.wechat.apiBase).toBe('https://api.weixin.qq.com')
  })

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/d' }).database).toEqual({ kind: 'postgres', url: 'postgres://u@h:5432/d' })
  })

  it('starts in production with every secret given', () => {
    expect(loadConfig(PRODUCTION)).toMatchObject({ env: 'production', demo: false })
  })

  it.each(['DATABASE_URL', 'SESSION_SECRET', 'WECHAT_APPID', 'WECHAT_SECRET', 'PUBLIC_BASE_URL', 'WECHAT_PUSH_TOKEN', 'DATA_KEY'] as const)('refuses production without %s', (missing) => {
    const env: Record<string, string> = { ...PRODUCTION }
    delete env[missing]
    expect(() => loadConfig(env)).toThrow(new RegExp(missing))
  })

  it('seals personal data with DATA_KEY (32 bytes, base64); development falls back to a fixed key of its own', () => {
    expect(loadConfig(PRODUCTION).dataKey.equals(Buffer.from(PRODUCTION.DATA_KEY, 'base64'))).toBe(true)
    const development = loadConfig({}).dataKey
    expect(development).toHaveLength(32)
    // The same fallback every time, so a development database stays readable across restarts.
    expect(loadConfig({}).dataKey.equals(development)).toBe(true)
    expect(loadConfig({ DATA_KEY: PRODUCTION.DATA_KEY }).dataKey.equals(development)).toBe(false)
  })

  it('refuses a DATA_KEY that is not 32 bytes, in production and elsewhere', () => {
    for (const key of [randomBytes(16).toString('base64'), randomBytes(48).toString('base64'), 'not base64 at all!']) {
      expect(() => loadConfig({ ...PRODUCTION, DATA_KEY: key })).toThrow(/DATA_KEY/)
      expect(() => loadConfig({ DATA_KEY: key })).toThrow(/DATA_KEY/)
    }
    expect(() => loadConfig({ ...PRODUCTION, DATA_KEY: '' })).toThrow(/DATA_KEY/)
  })

  it('refuses a short session secret in production', () => {
    expect(() => loadConfig({ ...PRODUCTION, SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET/)
  })

  it('refuses in production the development secrets, which anyone can read in this repository, and secrets a person typed', () => {
    // Development runs on built-in values: the same ones must not pass in production, however long they are.
    const development = loadConfig({})
    expect(() => loadConfig({ ...PRODUCTION, SESSION_SECRET: development.sessionSecret })).toThrow(/SESSION_SECRET is too weak/)
    expect(() => loadConfig({ ...PRODUCTION, DATA_KEY: development.dataKey.toString('base64') })).toThrow(/DATA_KEY is the development key/)
    for (const weak of ['s'.repeat(40), 'abababababababababababababababab', 'password'.repeat(5), 'Tr0ub4dor&3'.repeat(3)]) {
      expect(() => loadConfig({ ...PRODUCTION, SESSION_SECRET: weak })).toThrow(/SESSION_SECRET is too weak/)
    }
    expect(() => loadConfig({ ...PRODUCTION, DATA_KEY: Buffer.alloc(32, 7).toString('base64') })).toThrow(/DATA_KEY/)
    // What `openssl rand` gives passes, every time.
    for (let i = 0; i < 50; i++) {
      expect(loadConfig({ ...PRODUCTION, SESSION_SECRET: randomBytes(24).toString('base64'), DATA_KEY: randomBytes(32).toString('base64') }).env).toBe('production')
    }
  })

  it('estimates randomness from the characters used and how evenly', () => {
    expect(estimatedEntropyBits('a'.repeat(64))).toBe(0)
    // One bit a character, and the correction for two symbols seen: 1 / (2 · 32 · ln 2) bits a character.
    expect(estimatedEntropyBits('ab'.repeat(16))).toBeCloseTo(32 + 1 / (2 * Math.LN2), 10)
    expect(estimatedEntropyBits(randomBytes(48).toString('base64'))).toBeGreaterThan(300)
  })

  it('does not take a random secret of the shortest length for a typed one (the plain estimate did, 1 in 7000)', () => {
    // A draw of `randomBytes(24).toString('base64')` with many repeats: the plain estimate gave it 119.6 bits.
    const unlucky = 'd9lbXUHDCK/u40XK4XbX9l/l/bDqeb//'
    expect(estimatedEntropyBits(unlucky)).toBeGreaterThan(128)
    expect(loadConfig({ ...PRODUCTION, SESSION_SECRET: unlucky }).env).toBe('production')
  })

  it('queues 4096 connections for accepting unless told otherwise (Node\'s 511 overflowed in a 1000-phone rush)', () => {
    expect(loadConfig({}).listenBacklog).toBe(4096)
    expect(loadConfig({ LISTEN_BACKLOG: '1024' }).listenBacklog).toBe(1024)
    expect(() => loadConfig({ LISTEN_BACKLOG: '0' })).toThrow(/LISTEN_BACKLOG/)
  })

  it('believes X-Forwarded-For only from the proxies named: a hop count or their addresses', () => {
    expect(loadConfig({}).trustProxy).toBe(false)
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1)
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 172.16.0.1' }).trustProxy).toEqual(['10.0.0.0/8', '172.16.0.1'])
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/)
  })

  it('serves the API pages everywhere but production, unless asked to', () => {
    expect(loadConfig({}).apiDocs).toBe(true)
    expect(loadConfig(PRODUCTION).apiDocs).toBe(false)
    expect(loadConfig({ ...PRODUCTION, API_DOCS: '1' }).apiDocs).toBe(true)
  })

  it('checks content with WeChat in production and with the keyword list elsewhere', () => {
    expect(loadConfig(PRODUCTION).contentCheck).toBe('wechat')
    expect(loadConfig({}).contentCheck).toBe('keywords')
    expect(() => loadConfig({ ...PRODUCTION, CONTENT_CHECK: 'keywords' })).toThrow(/CONTENT_CHECK/)
  })

  it('keeps uploads beside the embedded database unless told otherwise', () => {
    expect(loadConfig({}, '/srv/doorstep').uploadDir).toBe(path.resolve('/srv/doorstep/.data/uploads'))
    expect(loadConfig({ UPLOAD_DIR: '/var/doorstep/files' }).uploadDir).toBe('/var/doorstep/files')
  })

  it('never runs demo mode in production', () => {
    expect(() => loadConfig({ ...PRODUCTION, DEMO: '1' })).toThrow(ConfigError)
  })

  it('names the variable that is malformed', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/)
    expect(() => loadConfig({ WECHAT_API_BASE: 'not a url' })).toThrow(/WECHAT_API_BASE/)
  })
})
