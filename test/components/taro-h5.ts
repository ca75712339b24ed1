/**
 * `@tarojs/taro` as the H5 build sees it. In a real build babel-plugin-transform-taroapi turns `Taro.request(…)`
 * into a named import and the framework plugin's api-loader adds the React hooks; here the named H5 APIs and the
 * hooks are copied onto the default export instead, so `Taro.x` and `import { x }` reach the same function and a
 * test can replace one property (e.g. `vi.spyOn(Taro, 'navigateTo')`) for every caller.
 */
import * as h5 from '@tarojs/plugin-platform-h5/dist/runtime/apis'
import * as framework from '@tarojs/plugin-framework-react/dist/runtime'

const hooks = Object.fromEntries(Object.entries(framework).filter(([name]) => /^use[A-Z]/.test(name)))
const Taro = h5.default as Record<string, unknown>
for (const [name, value] of Object.entries({ ...h5, ...hooks })) {
  if (name !== 'default' && !(name in Taro)) Taro[name] = value
}

export * from '@tarojs/plugin-platform-h5/dist/runtime/apis'
export * from '@tarojs/plugin-framework-react/dist/runtime'
export default Taro
