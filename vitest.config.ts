import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { defineConfig, type Plugin } from 'vitest/config'

const root = __dirname

/**
 * What babel-plugin-import does in the Taro build: `import { Button } from '@nutui/nutui-react-taro'` becomes
 * the component's own ES module (else the package entry resolves to its UMD bundle, which boots lottie-web).
 */
function nutuiPerComponent(): Plugin {
  const pattern = /import\s*\{([^}]+)\}\s*from\s*['"]@nutui\/nutui-react-taro['"];?/g
  return {
    name: 'nutui-per-component',
    enforce: 'pre',
    transform(code, id) {
      if (id.includes('node_modules') || !pattern.test(code)) return null
      pattern.lastIndex = 0
      return code.replace(pattern, (_m, names: string) =>
        names
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean)
          .map((n) => {
            const [imported, local] = n.split(/\s+as\s+/)
            const dir = `@nutui/nutui-react-taro/dist/es/packages/${imported!.toLowerCase()}`
            // Each per-component module has only a default export, as babel-plugin-import expects.
            return `import ${local ?? imported} from '${dir}/index.js';`
          })
          .join('\n'),
      )
    },
  }
}

/**
 * Taro's dist files name source maps whose sources Taro does not ship, so Vite warns once per inlined file
 * ("Sourcemap for … points to missing source files"). Load them without the map comment.
 */
function taroWithoutSourceMaps(): Plugin {
  return {
    name: 'taro-without-source-maps',
    enforce: 'pre',
    async load(id) {
      if (!/\/node_modules\/@tarojs\/.+\.js$/.test(id)) return null
      const code = await readFile(id, 'utf8')
      return { code: code.replace(/^\/\/# sourceMappingURL=.*$/m, ''), map: null }
    },
  }
}

/** The constants the Taro build injects into the H5 runtime. */
const taroH5Defines = {
  'process.env.TARO_ENV': JSON.stringify('h5'),
  'process.env.TARO_PLATFORM': JSON.stringify('web'),
  'process.env.SUPPORT_TARO_POLYFILL': JSON.stringify('disabled'),
  DEPRECATED_ADAPTER_COMPONENT: 'false',
  ENABLE_INNER_HTML: 'true',
  ENABLE_ADJACENT_HTML: 'true',
  ENABLE_SIZE_APIS: 'false',
  ENABLE_TEMPLATE_CONTENT: 'true',
  ENABLE_CLONE_NODE: 'true',
  ENABLE_CONTAINS: 'true',
  ENABLE_MUTATION_OBSERVER: 'false',
}

function serverProject(name: string, postgresUrl: string) {
  return {
    test: {
      name,
      root,
      include: ['test/server/**/*.test.ts'],
      environment: 'node',
      // test/support/test-database.ts opens a fresh database per file: on this server, or an in-memory PGlite,
      // copied from the templates migrated and seeded once per run.
      env: { TEST_POSTGRES_URL: postgresUrl },
      globalSetup: ['test/support/database-templates.ts'],
      // One module graph per worker, not per file: the app's modules and PGlite's WebAssembly load once (each
      // file still builds its own app on its own database).
      isolate: false,
      // PGlite boots in 1-2 s per file; allow for a slow machine.
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  }
}

export default defineConfig({
  test: {
    // Vitest's default on 2 cores is one worker: the second core would idle while a file waits on PostgreSQL,
    // Chromium or a child server. Two workers keep both busy (the e2e layer still runs one browser at a time).
    maxWorkers: 2,
    projects: [
      {
        test: { name: 'unit', root, include: ['test/unit/**/*.test.ts'], environment: 'node' },
      },
      // The server suites run on PGlite always, and once more on PostgreSQL when DATABASE_URL is set.
      serverProject('server', ''),
      ...(process.env.DATABASE_URL ? [serverProject('server-pg', process.env.DATABASE_URL)] : []),
      {
        plugins: [nutuiPerComponent(), taroWithoutSourceMaps()],
        define: taroH5Defines,
        resolve: {
          alias: [
            { find: /^@tarojs\/components$/, replacement: '@tarojs/components-react' },
            { find: /^@tarojs\/taro$/, replacement: path.join(root, 'test/components/taro-h5.ts') },
            { find: /^.*\.(png|jpg)$/, replacement: path.join(root, 'test/components/asset-stub.ts') },
          ],
        },
        test: {
          name: 'components',
          root,
          include: ['test/components/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['test/components/setup.ts'],
          server: { deps: { inline: [/@nutui\//, /@tarojs\//] } },
          css: false,
          isolate: false,
        },
      },
      {
        test: {
          name: 'weapp',
          root,
          include: ['test/weapp/**/*.test.ts'],
          // miniprogram-simulate renders into a DOM (its global window/document); see test/weapp/harness.ts.
          environment: 'jsdom',
          testTimeout: 30_000,
          // Each file boots PGlite (a copy of the demo template) and the compiled app: seconds on a busy machine.
          hookTimeout: 60_000,
          globalSetup: ['test/support/database-templates.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          root,
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 120_000,
          // Two journeys at a time (one browser and one server each): 107 s instead of 140 s one by one here.
          // After the other layers, not beside them: Chromium on the second core (the layout suite runs six
          // minutes) slowed the PostgreSQL rushes until a thousand sign-ups outwaited the pool's 5 s.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
})
