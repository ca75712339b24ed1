import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/src/app'
import { loadConfig } from '../../server/src/config'
import type { DatabaseHandle } from '../../server/src/db/client'
import { sha256 } from '../../server/src/http/h5-app'
import { openTestDatabase } from '../support/test-database'

/*
 * `npm start` answers before the H5 app is built (scripts/start.ts builds it meanwhile): the server starts on a
 * folder with no app in it yet, and serves the app, with its inline script allowed by the CSP, once it is there.
 */
let root: string
let dir: string
let handle: DatabaseHandle
let app: FastifyInstance
beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'doorstep-h5-'))
  dir = path.join(root, 'dist-h5')
  handle = await openTestDatabase()
  app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', H5_DIR: dir }), db: handle.db })
})
afterAll(async () => {
  await app.close()
  await handle.close()
  rmSync(root, { recursive: true, force: true })
})

describe('the H5 app, built after the server started', () => {
  it('answers / with a page that says the app is being built and reloads itself; the API works meanwhile', async () => {
    const page = await app.inject('/')
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.headers['cache-control']).toBe('no-store')
    expect(page.body).toContain('应用正在构建')
    expect(page.body).toContain('<meta http-equiv="refresh" content="3">')
    expect((await app.inject('/api/health')).json()).toEqual({ ok: true })
    const unknown = await app.inject('/api/nothing-here')
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' })
  })

  it('serves the app once its files are written, with the CSP naming the page\'s inline script', async () => {
    mkdirSync(path.join(dir, 'js'), { recursive: true })
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><head><script>document.documentElement.style.fontSize="20px"</script></head><body></body></html>')
    writeFileSync(path.join(dir, 'js', 'app.js'), 'console.log("app")')
    const page = await app.inject('/')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('fontSize')
    expect(page.headers['content-security-policy']).toContain(`'sha256-${sha256('document.documentElement.style.fontSize="20px"')}'`)
    // An API answer runs no script: its policy leaves the page's hashes out (no look at index.html per API call).
    expect((await app.inject('/api/health')).headers['content-security-policy']).not.toContain(sha256('document.documentElement.style.fontSize="20px"'))
    const script = await app.inject('/js/app.js')
    expect(script.statusCode).toBe(200)
    expect(script.body).toBe('console.log("app")')
    expect((await app.inject('/js/missing.js')).statusCode).toBe(404)
  })

  it('follows a rebuilt index.html: the CSP names the new inline script instead of the old one', async () => {
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><head><script>window.rebuilt=true</script></head><body></body></html>')
    // A rebuild writes a new file; its modification time is what the server watches.
    const later = new Date(Date.now() + 5000)
    utimesSync(path.join(dir, 'index.html'), later, later)
    const csp = (await app.inject('/')).headers['content-security-policy'] as string
    expect(csp).toContain(`'sha256-${sha256('window.rebuilt=true')}'`)
    expect(csp).not.toContain(sha256('document.documentElement.style.fontSize="20px"'))
  })
})
