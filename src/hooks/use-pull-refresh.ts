import Taro, { usePullDownRefresh } from '@tarojs/taro'

/** Pull-to-refresh: refetch the page's queries, then close the native refresh indicator. */
export function usePullRefresh(refetch: () => Promise<unknown>) {
  usePullDownRefresh(() => {
    void refetch().finally(() => Taro.stopPullDownRefresh())
  })
}
