import net from 'node:net'
import type { AddressInfo } from 'node:net'

/**
 * A TCP proxy between the app and PostgreSQL that a test can break the way a database outage does, without
 * stopping the shared server other test files use:
 * - `refuse()`: every open connection is cut and new ones are refused (the server stopped or restarting);
 * - `blackhole()`: connections are cut and new ones accepted but never answered (a network partition);
 * - `restore()`: traffic flows again.
 */
export type TcpProxy = {
  url: (databaseUrl: string) => string
  refuse: () => Promise<void>
  blackhole: () => void
  restore: () => Promise<void>
  close: () => Promise<void>
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>()
  let mode: 'pass' | 'blackhole' = 'pass'
  let port = 0

  const server = net.createServer((client) => {
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    client.on('error', () => {})
    if (mode === 'blackhole') return
    const upstream = net.connect(target.port, target.host)
    sockets.add(upstream)
    upstream.on('close', () => sockets.delete(upstream))
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
    client.pipe(upstream).pipe(client)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  const listen = () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()))
  await listen()
  port = (server.address() as AddressInfo).port

  const cutAll = () => {
    for (const s of sockets) s.destroy()
    sockets.clear()
  }
  const stopListening = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()))

  return {
    url(databaseUrl) {
      const u = new URL(databaseUrl)
      u.hostname = '127.0.0.1'
      u.port = String(port)
      return u.toString()
    },
    async refuse() {
      const closing = stopListening()
      cutAll()
      await closing
    },
    blackhole() {
      mode = 'blackhole'
      cutAll()
    },
    async restore() {
      mode = 'pass'
      if (!server.listening) await listen()
    },
    async close() {
      const closing = stopListening()
      cutAll()
      await closing
    },
  }
}
