import { useQueryClient } from '@tanstack/react-query'
import type { Wish } from '../../types/api/wishes'
import { pointsKeys } from '../services/points'
import { wishKeys } from '../services/wishes'
import { useIdempotentMutation } from './use-idempotent-mutation'

/**
 * A write to one wish (claim, withdraw, approve …), idempotent per intended write (its variables) until the
 * server has answered it for good. Afterwards the detail shows the answer at once and every list, the wall and
 * the staff queues are fetched again; a confirmation pays the claimer points, so the points pages are refreshed
 * too. When the server says the wish has moved on (409: claimed by someone else, withdrawn …) the wish and its
 * lists are fetched again, so the page shows what is true now; the failure itself is reported by the app's
 * mutation cache.
 */
export function useWishAction<V extends { id: number }>(
  send: (vars: V, idempotencyKey: string) => Promise<Wish>,
  options: { pointsChanged?: boolean; onSuccess?: (wish: Wish, vars: V) => void } = {},
) {
  const queryClient = useQueryClient()
  return useIdempotentMutation({
    mutationFn: send,
    invalidate: options.pointsChanged ? [pointsKeys.all] : [],
    onSuccess: (wish, vars) => {
      queryClient.setQueryData(wishKeys.detail(wish.id), wish)
      void queryClient.invalidateQueries({ queryKey: wishKeys.all, predicate: (q) => !(q.queryKey[1] === 'detail' && q.queryKey[2] === wish.id) })
      void queryClient.invalidateQueries({ queryKey: wishKeys.staff })
      options.onSuccess?.(wish, vars)
    },
    // The wish itself and every list it is on.
    refreshOnConflict: () => [wishKeys.all, wishKeys.staff],
  })
}
