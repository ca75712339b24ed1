import { MutationCache, QueryClient } from '@tanstack/react-query'
import { ApiError, showError } from './http'

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // Client errors will not change on retry; network and server errors might.
        retry: (failures, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && failures < 2,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
    // Every failed write is reported in a Toast with the server's message.
    mutationCache: new MutationCache({ onError: showError }),
  })
}

export const queryClient = createQueryClient()
