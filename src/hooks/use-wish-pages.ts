import type { WishPage } from '../../types/api/wishes'
import { useCursorPages } from './use-cursor-pages'

/** A list of wishes read page by page. */
export function useWishPages(queryKey: readonly unknown[], fetchPage: (cursor?: string) => Promise<WishPage>, enabled = true) {
  const { query, items } = useCursorPages(queryKey, fetchPage, enabled)
  return { query, wishes: items }
}
