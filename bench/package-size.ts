/**
 * Sizes of the WeChat build in dist/: the main package (what every user downloads first; budget 600 KB,
 * WeChat's hard limit 2 MB), each subpackage (budget 400 KB; WeChat's limit 2 MB), and the largest files. Run after
 * `npm run build:weapp`.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

const DIST = path.resolve(__dirname, '..', 'dist')
export const MAIN_PACKAGE_BUDGET_KB = 600
export const SUBPACKAGE_BUDGET_KB = 400

function files(dir: string): { file: string; size: number }[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) return files(full)
    // Source maps are not uploaded.
    return name.endsWith('.map') ? [] : [{ file: path.relative(DIST, full), size: statSync(full).size }]
  })
}

export function measurePackages() {
  if (!existsSync(path.join(DIST, 'app.json'))) throw new Error('dist/ has no weapp build: run `npm run build:weapp` first')
  const app = JSON.parse(readFileSync(path.join(DIST, 'app.json'), 'utf8')) as { subPackages?: { root: string }[] }
  const roots = (app.subPackages ?? []).map((s) => s.root.replace(/\/$/, ''))
  const all = files(DIST)
  const rootOf = (file: string) => roots.find((r) => file.startsWith(`${r}/`))
  const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10
  const main = all.filter((f) => !rootOf(f.file))
  return {
    mainKb: kb(main.reduce((t, f) => t + f.size, 0)),
    subpackages: roots.map((r) => ({ root: r, kb: kb(all.filter((f) => rootOf(f.file) === r).reduce((t, f) => t + f.size, 0)) })),
    largest: [...main].sort((a, b) => b.size - a.size).slice(0, 8).map((f) => ({ file: f.file, kb: kb(f.size) })),
  }
}

if (require.main === module) {
  const m = measurePackages()
  console.log(`weapp main package: ${m.mainKb} KB (budget ${MAIN_PACKAGE_BUDGET_KB} KB, WeChat limit 2048 KB)`)
  for (const s of m.subpackages) console.log(`  subpackage ${s.root}: ${s.kb} KB (budget ${SUBPACKAGE_BUDGET_KB} KB)`)
  console.log('largest files of the main package:')
  for (const f of m.largest) console.log(`  ${f.kb.toString().padStart(7)} KB  ${f.file}`)
  if (m.mainKb > MAIN_PACKAGE_BUDGET_KB || m.subpackages.some((s) => s.kb > SUBPACKAGE_BUDGET_KB)) process.exitCode = 1
}
