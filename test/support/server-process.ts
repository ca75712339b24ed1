import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import path from 'node:path'

/*
 * The server as its own process, started the way `npm run serve` starts it: for drills that kill it or take its
 * database away (test/server/crash-recovery.test.ts, bench/pg-restart.ts).
 */
const root = path.resolve(__dirname, '../..')
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

export type ServerProcess = { process: ChildProcess; base: string; exited: Promise<number | null> }

/** Starts `server/src/server.ts` with `env` on a free port and waits until /api/health answers. */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/server.ts'], {
    cwd: root,
    // Only the database the caller names: not the DATABASE_URL the test run itself may have.
    env: { ...process.env, DATABASE_URL: undefined, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const base = `http://127.0.0.1:${port}`
  for (let i = 0; i < 240; i++) {
    const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false)
    if (ok) return { process: child, base, exited }
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`)
    await sleep(250)
  }
  child.kill('SIGKILL')
  throw new Error('the server did not start in 60 s')
}

/** A JSON POST; the status and the parsed body (null when it is not JSON). */
export async function post(base: string, url: string, body: object, authorization?: string) {
  const res = await fetch(base + url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null }
}
