import { useInfiniteQuery } from '@tanstack/react-query'
import type { WishPage } from '../../types/api/wishes'

/** A list of wishes read page by page: each page names the cursor of the next, the last one null. */
export function useWishPages(queryKey: readonly unknown[], fetchPage: (cursor?: string) => Promise<WishPage>, enabled = true) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: WishPage) => last.nextCursor ?? undefined,
    enabled,
  })
  return { query, wishes: query.data?.pages.flatMap((p) => p.items) ?? [] }
}
