/**
 * `npm start`: the server at once (the API, and a page saying the app is being built), and the H5 app built
 * once the server answers — unless the last build was made from the same sources, which is then served as it is.
 *
 * The build goes to dist-h5.next and replaces dist-h5 when it is done, so the server never serves half a build.
 * Its output (webpack's progress) goes to a log file; the console keeps the server's readable lines.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(__dirname, '..')
const served = path.join(root, 'dist-h5')
const next = path.join(root, 'dist-h5.next')
/** Written into a finished build: the fingerprint of the sources it was made from. */
const STAMP = '.sources-fingerprint'
const logDir = path.join(root, 'node_modules', '.cache', 'doorstep')
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name)

/** What the H5 build is made from: the app's sources, the build's configuration, the locked dependencies. */
function sourcesFingerprint(): string {
  const hash = createHash('sha256')
  const add = (file: string) => {
    hash.update(path.relative(root, file))
    hash.update(readFileSync(file))
  }
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(file)
      else add(file)
    }
  }
  for (const dir of ['src', 'config', 'types']) walk(path.join(root, dir))
  for (const file of ['package-lock.json', 'babel.config.js', 'tsconfig.json', 'project.config.json', '.env', '.env.production', '.env.local', '.env.production.local']) {
    if (existsSync(path.join(root, file))) add(path.join(root, file))
  }
  // The build reads TARO_APP_* from the environment too.
  for (const [key, value] of Object.entries(process.env).sort()) if (key.startsWith('TARO_APP_')) hash.update(`${key}=${value}`)
  return hash.digest('hex')
}

const builtFrom = (dir: string) => {
  try {
    return readFileSync(path.join(dir, STAMP), 'utf8').trim()
  } catch {
    return null
  }
}

const children: ChildProcess[] = []
function stop(signal: NodeJS.Signals) {
  for (const child of children) if (child.exitCode === null) child.kill(signal)
}
process.on('SIGINT', () => stop('SIGINT'))
process.on('SIGTERM', () => stop('SIGTERM'))

function startServer() {
  // node with tsx's loader rather than the tsx command, which starts a second node process of its own; a young
  // generation of up to 64 MB, as in the Dockerfile (fewer scavenges under load: docs/performance.md).
  const server = spawn(process.execPath, ['--max-semi-space-size=64', '--import', 'tsx', 'server/src/server.ts'], { cwd: root, stdio: 'inherit', env: { ...process.env, DEMO: process.env.DEMO ?? '1' } })
  children.push(server)
  server.on('exit', (code, signal) => {
    stop('SIGTERM')
    process.exit(code ?? (signal ? 0 : 1))
  })
}

function buildH5(fingerprint: string) {
  mkdirSync(logDir, { recursive: true })
  const logFile = path.join(logDir, 'h5-build.log')
  const log = createWriteStream(logFile)
  const started = Date.now()
  console.log(`  H5 app: building (the first time takes a minute or two; progress in ${path.relative(root, logFile)})`)
  rmSync(next, { recursive: true, force: true })
  // At a lower CPU priority: the server, starting on the same cores, answers first.
  const build = spawn('nice', ['-n', '10', bin('taro'), 'build', '--type', 'h5'], { cwd: root, env: { ...process.env, H5_OUTPUT: 'dist-h5.next', NODE_ENV: 'production' } })
  children.push(build)
  build.stdout.pipe(log)
  build.stderr.pipe(log)
  build.on('exit', (code) => {
    log.end()
    if (code !== 0 || !existsSync(path.join(next, 'index.html'))) {
      if (build.signalCode) return
      console.error(`  H5 app: the build failed (exit ${code}); the API keeps running. The end of ${path.relative(root, logFile)}:`)
      console.error(readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n'))
      return
    }
    writeFileSync(path.join(next, STAMP), fingerprint)
    rmSync(served, { recursive: true, force: true })
    renameSync(next, served)
    console.log(`  H5 app: built in ${Math.round((Date.now() - started) / 1000)} s; open the address above (the waiting page reloads by itself)`)
  })
}

/**
 * Resolves once the server answers /api/health, or after `limitMs` in any case. The build waits for it: on two
 * cores, a build beside the server's first start (PGlite creating its database, the demo seed) made the API wait
 * 15–16 s instead of 10 (docs/performance.md).
 */
async function serverAnswering(limitMs: number): Promise<void> {
  const host = process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : '127.0.0.1'
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${process.env.PORT ?? 3000}/api/health`
  const until = Date.now() + limitMs
  while (Date.now() < until) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

const fingerprint = sourcesFingerprint()
startServer()
if (builtFrom(served) === fingerprint && statSync(path.join(served, 'index.html'), { throwIfNoEntry: false })) {
  console.log('  H5 app: unchanged sources, the last build is served')
} else {
  void serverAnswering(60_000).then(() => buildH5(fingerprint))
}
