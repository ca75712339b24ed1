import { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { PERSONAL_DATA_PURPOSE_LABELS } from '../../../../types/api/labels'
import type { PersonalDataAccessEntry } from '../../../../types/api/privacy'
import { EmptyState } from '../../../components/empty-state'
import { LoadMore } from '../../../components/load-more'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { useCursorPages } from '../../../hooks/use-cursor-pages'
import { useMe } from '../../../hooks/use-me'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { privacyKeys } from '../../../services/privacy'
import { listPersonalDataAccess } from '../../../services/staff/privacy'
import { formatDateTime } from '../../../utils/format'
import { goToLogin } from '../../../utils/navigation'
import './index.scss'

/** 个人信息访问记录 (admin): every time staff saw someone's personal data in clear, newest first. */
export default function AccessLogPage() {
  const me = useMe()
  const { params } = useRouter()
  // ?personId= narrows the log to one person's data.
  const personId = Number(params.personId)
  return (
    <PageShell>
      <QueryView query={me} onLogin={goToLogin}>
        {(profile) =>
          profile.roles.includes('admin') ? (
            <AccessLog personId={Number.isInteger(personId) && personId > 0 ? personId : null} />
          ) : (
            <EmptyState title='仅限管理员使用' description='个人信息访问记录只有管理员可以查看' />
          )
        }
      </QueryView>
    </PageShell>
  )
}

function AccessLog({ personId }: { personId: number | null }) {
  const { query, items: entries } = useCursorPages(privacyKeys.accessLog(personId), (cursor) => listPersonalDataAccess({ personId, cursor }))
  usePullRefresh(() => query.refetch())
  return (
    <View>
      <View className='card access-log__intro'>
        社区工作人员查看居民的手机号、住址等个人信息时，系统都会记下是谁、什么时候、为什么查看。居民本人也能在“个人信息与隐私”里看到。
      </View>
      <QueryView
        query={query}
        skeletonRows={8}
        isEmpty={() => entries.length === 0}
        empty={<EmptyState title='暂无访问记录' description='工作人员查看居民个人信息后，记录会显示在这里' />}
      >
        {() => (
          <View>
            {entries.map((e) => (
              <AccessRow key={e.id} entry={e} />
            ))}
            <LoadMore hasMore={query.hasNextPage} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} />
          </View>
        )}
      </QueryView>
    </View>
  )
}

function AccessRow({ entry: e }: { entry: PersonalDataAccessEntry }) {
  return (
    <View className='card access-row'>
      <View className='access-row__head'>
        <View className='access-row__time'>{formatDateTime(e.at)}</View>
        <View className='access-row__purpose'>{PERSONAL_DATA_PURPOSE_LABELS[e.purpose]}</View>
      </View>
      <View className='access-row__who'>
        {e.actorName} 查看了 {e.subjectName} 的信息
      </View>
      <View className='muted access-row__route'>{e.route}</View>
    </View>
  )
}
