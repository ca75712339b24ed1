import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { Skeleton } from '@nutui/nutui-react-taro'
import type { UseQueryResult } from '@tanstack/react-query'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../services/http'
import { isVisitor } from '../hooks/use-me'
import { ErrorState, LoginState } from './empty-state'

type Props<T> = {
  query: UseQueryResult<T>
  /** When the data counts as empty, this is shown instead of children. */
  isEmpty?: (data: T) => boolean
  empty?: ReactNode
  /** Rows of the loading skeleton. */
  skeletonRows?: number
  /** What to offer when the failure is "not logged in" (H5 demo without a persona). */
  onLogin?: () => void
  /** On a page a visitor may see: what to show when the failure is only "not logged in" (instead of onLogin's offer). */
  visitor?: () => ReactNode
  children: (data: T) => ReactNode
}

/** The states every page has: loading skeleton, error with retry, empty, and the data. */
export function QueryView<T>({ query, isEmpty, empty, skeletonRows = 4, onLogin, visitor, children }: Props<T>) {
  if (query.isPending) {
    return (
      <View className='query-view__loading' aria-busy='true'>
        <Skeleton rows={skeletonRows} animated />
      </View>
    )
  }
  if (query.isError) {
    const err = query.error
    if (visitor && isVisitor(err)) return <>{visitor()}</>
    if (onLogin && isVisitor(err)) {
      return <LoginState description='登录后查看您所在社区的服务' onLogin={onLogin} />
    }
    return <ErrorState message={err instanceof ApiError ? err.message : NETWORK_ERROR_MESSAGE} onRetry={() => void query.refetch()} />
  }
  if (isEmpty?.(query.data)) return <>{empty}</>
  return <>{children(query.data)}</>
}
