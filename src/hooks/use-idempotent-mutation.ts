import { useRef } from 'react'
import { useMutation, useQueryClient, type QueryKey, type UseMutationOptions } from '@tanstack/react-query'
import { ApiError, newIdempotencyKey } from '../services/http'

/** The server gave a final answer (success, or a client error other than "still in progress"). */
function settled(err: unknown): boolean {
  if (!err) return true
  return err instanceof ApiError && err.status >= 400 && err.status < 500 && err.code !== 'REQUEST_IN_PROGRESS'
}

type IdempotentMutationOptions<TData, TVars, TContext> = Omit<UseMutationOptions<TData, Error, TVars, TContext>, 'mutationFn'> & {
  /**
   * Sends the write with `key`, the Idempotency-Key of this intended write. A second write within the same action
   * (e.g. the same scan sent again with the phone's position) takes its own key from `keyFor(step)`.
   */
  mutationFn: (vars: TVars, key: string, keyFor: (step: string) => string) => Promise<TData>
  /**
   * Names the intended write: pressing again with the same name reuses its key until the server has answered it
   * for good, so a retry after a lost reply cannot act twice; the next press after that is a new write.
   * Defaults to the variables' JSON; name what else decides the write (e.g. a code typed on the page).
   */
  action?: (vars: TVars) => string
  /** Queries fetched again once the write succeeded. */
  invalidate?: QueryKey[]
  /**
   * Queries fetched again when the server says the thing has moved on meanwhile (409: taken, cancelled, decided by
   * someone else …), so the page shows what is true now.
   */
  refreshOnConflict?: (vars: TVars) => QueryKey[]
}

/**
 * A write that is safe to press again: one Idempotency-Key per intended write (see `action`), forgotten once the
 * write is answered for good. Failures are shown by the app's mutation cache.
 */
export function useIdempotentMutation<TData, TVars = void, TContext = unknown>({
  mutationFn,
  action = (vars) => JSON.stringify(vars) ?? '',
  invalidate = [],
  refreshOnConflict,
  ...options
}: IdempotentMutationOptions<TData, TVars, TContext>) {
  const queryClient = useQueryClient()
  // Per action name, the key of each step ('' is the write itself).
  const keys = useRef(new Map<string, Map<string, string>>())
  const keyFor = (name: string) => (step: string) => {
    let steps = keys.current.get(name)
    if (!steps) keys.current.set(name, (steps = new Map()))
    let key = steps.get(step)
    if (!key) steps.set(step, (key = newIdempotencyKey()))
    return key
  }
  return useMutation<TData, Error, TVars, TContext>({
    ...options,
    mutationFn: (vars) => {
      const steps = keyFor(action(vars))
      return mutationFn(vars, steps(''), steps)
    },
    onSuccess: (data, vars, result, context) => {
      const answered = options.onSuccess?.(data, vars, result, context)
      for (const queryKey of invalidate) void queryClient.invalidateQueries({ queryKey })
      return answered
    },
    onError: (err, vars, result, context) => {
      if (refreshOnConflict && err instanceof ApiError && err.status === 409) {
        for (const queryKey of refreshOnConflict(vars)) void queryClient.invalidateQueries({ queryKey })
      }
      return options.onError?.(err, vars, result, context)
    },
    onSettled: (data, err, vars, result, context) => {
      if (settled(err)) keys.current.delete(action(vars))
      return options.onSettled?.(data, err, vars, result, context)
    },
  })
}
