import { useInfiniteQuery } from '@tanstack/react-query'
import type { LedgerPage } from '../../types/api/points'

/** A ledger read page by page: each page ends at `nextBefore`, the last one says null. */
export function useLedger(queryKey: readonly unknown[], fetchPage: (before?: number) => Promise<LedgerPage>, enabled = true) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last: LedgerPage) => last.nextBefore ?? undefined,
    enabled,
  })
  return { query, entries: query.data?.pages.flatMap((p) => p.items) ?? [] }
}
