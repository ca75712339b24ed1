import { useMemo, useRef } from 'react'
import { ApiError, newIdempotencyKey } from '../services/http'

/** The server gave a final answer (success, or a client error other than "still in progress"). */
function settled(err: unknown): boolean {
  if (!err) return true
  return err instanceof ApiError && err.status >= 400 && err.status < 500 && err.code !== 'REQUEST_IN_PROGRESS'
}

/**
 * One Idempotency-Key per user action. `key(action)` gives the same key for the same action (e.g.
 * `redeem:12`, or the JSON of a form) until the server has answered it for good, so pressing again after a lost
 * reply cannot redeem or award twice; `settle(action, err)` forgets it once the answer is final, and the next
 * press is a new action.
 */
export function useActionKey() {
  const keys = useRef(new Map<string, string>())
  return useMemo(
    () => ({
      key(action: string): string {
        let key = keys.current.get(action)
        if (!key) {
          key = newIdempotencyKey()
          keys.current.set(action, key)
        }
        return key
      },
      settle(action: string, err?: unknown) {
        if (settled(err)) keys.current.delete(action)
      },
    }),
    [],
  )
}
