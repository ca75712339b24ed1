import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import fastifyStatic from '@fastify/static'

/**
 * The built H5 app, served at / from `dir`. The folder may be filled after the server has started (`npm start`
 * answers at once and builds the app meanwhile, scripts/start.ts): until its index.html is there, / answers a
 * page that says the app is being built and reloads itself; the files are looked up per request, and the page's
 * inline script hashes for the CSP are read again whenever index.html changes.
 */
export class H5App {
  private seen: { mtimeMs: number; hashes: string[] } | null = null

  constructor(readonly dir: string) {}

  private get index(): string {
    return path.join(this.dir, 'index.html')
  }

  isBuilt(): boolean {
    return this.mtimeOfIndex() !== null
  }

  /** CSP source expressions for the inline scripts of the current index.html (none before it is built). */
  inlineScriptHashes(): string[] {
    const mtimeMs = this.mtimeOfIndex()
    if (mtimeMs === null) return []
    if (this.seen?.mtimeMs !== mtimeMs) {
      const html = readFileSync(this.index, 'utf8')
      this.seen = { mtimeMs, hashes: [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => `'sha256-${sha256(m[1]!)}'`) }
    }
    return this.seen.hashes
  }

  async register(app: FastifyInstance): Promise<void> {
    // A request for the app itself while it is not built yet gets the waiting page instead of a 404.
    app.addHook('onRequest', async (request, reply) => {
      if (request.method !== 'GET' || (request.url !== '/' && !request.url.startsWith('/?') && request.url !== '/index.html')) return
      if (this.isBuilt()) return
      return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(BUILDING_PAGE)
    })
    // wildcard: files are looked up when asked for, so a build finished after the start is served as it is.
    mkdirSync(this.dir, { recursive: true })
    await app.register(fastifyStatic, { root: this.dir, prefix: '/', wildcard: true, index: 'index.html' })
  }

  private mtimeOfIndex(): number | null {
    try {
      return statSync(this.index).mtimeMs
    } catch {
      return null
    }
  }
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64')
}

/** No script (the CSP allows none inline but the app's): the page reloads itself by its meta refresh. */
const BUILDING_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="3"><title>家门口 · 正在构建</title>
<style>body{font-family:system-ui,sans-serif;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center;background:#f6f6f6;color:#333}
main{text-align:center;padding:24px;font-size:18px;line-height:1.6}h1{font-size:22px;color:#c8161d}</style></head>
<body><main><h1>家门口</h1><p>应用正在构建，首次启动约需一两分钟。</p><p>构建完成后本页会自动打开应用。</p><p>接口已可用：<a href="/docs">/docs</a></p></main></body></html>
`
