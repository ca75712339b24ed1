import { useInfiniteQuery } from '@tanstack/react-query'

/** A list read page by page: each page names the cursor of the next, the last one null. */
export function useCursorPages<T>(queryKey: readonly unknown[], fetchPage: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>, enabled = true) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  })
  return { query, items: query.data?.pages.flatMap((p) => p.items) ?? [] }
}
