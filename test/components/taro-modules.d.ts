// The Taro React framework plugin ships its runtime without type declarations; these are the parts tests use.
declare module '@tarojs/plugin-framework-react/dist/runtime' {
  /** Tells the plugin which React to use (and taps its runtime hooks), as creating a Taro app would. */
  export function createH5NativeComponentConfig(component: unknown, react: unknown, reactDOM: unknown): unknown
  export function usePullDownRefresh(callback: () => void): void
}
