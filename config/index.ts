import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'

const isH5 = process.env.TARO_ENV === 'h5'
// The API contract in types/ is TypeScript outside src/: compile it with the pages. @tanstack/react-query ships
// ES2022 (private class fields), which older WeChat JS engines (iOS before 14.5) cannot parse.
const compile = { include: [path.resolve(__dirname, '..', 'types'), path.resolve(__dirname, '..', 'node_modules', '@tanstack')] }
// NutUI is designed at 375 px, our pages at 750 px.
const designWidth = (input?: string | number | { file?: string }) =>
  typeof input === 'object' && input.file?.replace(/\\+/g, '/').includes('@nutui/') ? 375 : 750

/**
 * The WeChat build's API base (TARO_APP_API_BASE from .env.<mode>, or the environment). Outside DevTools WeChat
 * only calls HTTPS domains listed in its console: a production build with anything else would never reach the API.
 */
function checkApiBase(mode: string) {
  if (isH5 || mode !== 'production') return
  const base = process.env.TARO_APP_API_BASE ?? ''
  if (!/^https:\/\/[^/]+/.test(base)) throw new Error(`TARO_APP_API_BASE must be an https:// address for a production WeChat build, not "${base}" (.env.production)`)
  if (/\.example\.cn\b/.test(base)) console.warn(`\u26a0 TARO_APP_API_BASE is still the placeholder ${base}: set the real API domain before a release (.env.production).`)
}

/** The renderer of each build; babel.config.js reads the same choice. */
const framework = isH5 ? 'react' : 'preact'

export default defineConfig<'webpack5'>(async (merge, { mode }) => {
  checkApiBase(mode)
  const base: UserConfigExport<'webpack5'> = {
    projectName: 'doorstep',
    date: '2026-11-22',
    designWidth,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // The WeChat build goes to dist/ (project.config.json points DevTools there), the H5 build beside it
    // (`npm start` builds into a folder of its own, H5_OUTPUT, and swaps it in when done: scripts/start.ts).
    outputRoot: isH5 ? (process.env.H5_OUTPUT ?? 'dist-h5') : 'dist',
    plugins: isH5 ? [] : [path.resolve(__dirname, 'templates-of-used-components.js')],
    defineConstants: {},
    copy: { patterns: [], options: {} },
    // React for H5; Preact (through preact/compat, the same source) for WeChat, where the renderer weighs on the main
    // package every user downloads first: docs/adr/0010-preact-in-the-mini-program.md.
    framework,
    compiler: {
      type: 'webpack5',
      // Dev builds pre-bundle dependencies and would ignore babel-plugin-import: the whole NutUI (2.5 MB)
      // would land in the main package.
      prebundle: { exclude: ['@nutui/nutui-react-taro', '@nutui/icons-react-taro'] },
    },
    // webpack's persistent cache (node_modules/.cache): rebuilds in npm test take a fraction of the time.
    cache: { enable: true },
    // The H5 build minifies with esbuild: a cold build in 84 s instead of 225 s here, for an entry 8 % larger
    // (511 KiB against 474). The WeChat build keeps terser: its main package has a 600 KB budget to hold.
    ...(isH5 ? { jsMinimizer: 'esbuild' as const, esbuild: { minify: { enable: true, config: { target: 'es2015' } } } } : {}),
    mini: {
      compile,
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        url: { enable: true, config: { limit: 1024 } },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      optimizeMainPackage: { enable: true },
      // Images stay files (Taro inlines those under 2 KB as base64 in the JS by default, a third larger and in the
      // main package's scripts: the home page's eight icons were 8.9 KB of pages/index/index.js). `limit: true` is
      // Taro's spelling of "inline nothing" (utils/webpack.js › getAssetsMaxSize).
      imageUrlLoaderOption: { limit: true },
      webpackChain(chain) {
        // 'react-dom' itself is our module (see its comment); 'react-dom/client' and the rest stay on Taro's prefix
        // alias to preact/compat. webpack tries aliases in order, so ours goes before Taro's.
        const alias = chain.resolve.alias
        const taroReactDom = alias.get('react-dom')
        alias.delete('react-dom').set('react-dom$', path.resolve(__dirname, 'preact-react-dom.js')).set('react-dom', taroReactDom)
      },
    },
    h5: {
      compile,
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[contenthash:8].css', chunkFilename: 'css/[name].[contenthash:8].css' },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[contenthash:8].js' },
      webpackChain(chain) {
        // The H5 build carries Taro's web runtime and react-dom (~430 KB for the entry): budget it at that
        // size instead of webpack's generic 244 KB, so a real regression still warns.
        chain.performance.maxAssetSize(400 * 1024).maxEntrypointSize(560 * 1024)
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  }
  return merge({}, base, mode === 'development' ? devConfig : prodConfig)
})
