import Taro from '@tarojs/taro'
import { focusManager, MutationCache, QueryClient } from '@tanstack/react-query'
import { ApiError, showError } from './http'

/*
 * A mini-program has no window focus: coming back to the app (after locking the phone, or hours later on site
 * at an activity) is when what is on screen may have gone stale — a check-in button that was not offered
 * yesterday is offered now. Stale queries of the pages on screen refetch when the app is shown again.
 */
focusManager.setEventListener((handleFocus) => {
  const shown = () => handleFocus(true)
  const hidden = () => handleFocus(false)
  Taro.onAppShow?.(shown)
  Taro.onAppHide?.(hidden)
  return () => {
    Taro.offAppShow?.(shown)
    Taro.offAppHide?.(hidden)
  }
})

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // A server error may pass: one more try, soon. A request that got no answer was retried by the
        // transport already (http.ts), and a client error will not change — both show 加载失败 with 重试 at
        // once (retrying at both layers kept the skeleton up for 4–8 s).
        retry: (failures, err) => err instanceof ApiError && err.status >= 500 && failures < 1,
        retryDelay: 600,
        // "Focus" is the app being shown again (above), not a browser tab.
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
    // Every failed write is reported in a Toast with the server's message.
    mutationCache: new MutationCache({ onError: showError }),
  })
}

export const queryClient = createQueryClient()
