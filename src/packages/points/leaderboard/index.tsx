import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Cell } from '@nutui/nutui-react-taro'
import { Switch } from '../../../components/switch'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { Leaderboard, PointsSummary } from '../../../../types/api/points'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { getLeaderboard, getPointsSummary, pointsKeys, setLeaderboardVisibility, type LeaderboardPeriod, type LeaderboardScope } from '../../../services/points'
import { goToLogin } from '../../../utils/navigation'
import './index.scss'

const SCOPES = [
  { value: 'community', label: '社区排行' },
  { value: 'grid', label: '网格排行' },
] as const
const PERIODS = [
  { value: 'month', label: '本月' },
  { value: 'year', label: '今年' },
] as const

export default function LeaderboardPage() {
  const [scope, setScope] = useState<LeaderboardScope>('community')
  const [period, setPeriod] = useState<LeaderboardPeriod>('month')
  const board = useQuery({ queryKey: pointsKeys.leaderboard(scope, period), queryFn: () => getLeaderboard(scope, period) })
  const summary = useQuery({ queryKey: pointsKeys.summary, queryFn: getPointsSummary })
  usePullRefresh(() => Promise.all([board.refetch(), summary.refetch()]))

  return (
    <PageShell>
      <ChoiceButtons options={SCOPES} value={scope} onChange={setScope} />
      <ChoiceButtons options={PERIODS} value={period} onChange={setPeriod} />
      <QueryView query={board} onLogin={goToLogin}>
        {(b) => <Board board={b} />}
      </QueryView>
      {summary.data?.household ? <VisibilitySwitch household={summary.data.household} /> : null}
    </PageShell>
  )
}

function Board({ board }: { board: Leaderboard }) {
  const period = board.period === 'month' ? '本月' : '今年'
  return (
    <View>
      <View className='leaderboard-mine card'>
        <View className='muted'>
          {board.scopeName} · {period}
        </View>
        {board.mine ? (
          <View className='leaderboard-mine__rank'>
            我家排第 {board.mine.rank} 名，{board.mine.points} 分
          </View>
        ) : (
          <View className='leaderboard-mine__rank'>我家{period}还没有获得积分</View>
        )}
      </View>
      {board.entries.length === 0 ? (
        <EmptyState title={`${period}还没有家庭获得积分`} />
      ) : (
        <View className='leaderboard'>
          {/* Entries have no id, and tied 匿名 households share rank and label: the position is the key. */}
          {board.entries.map((e, i) => (
            <View key={i} className={`leaderboard-row${e.mine ? ' leaderboard-row--mine' : ''}`}>
              <View className={`leaderboard-row__rank${e.rank <= 3 ? ' leaderboard-row__rank--top' : ''}`}>{e.rank}</View>
              <View className='leaderboard-row__label'>
                {e.label}
                {e.mine ? '（我家）' : ''}
              </View>
              <View className='leaderboard-row__points'>{e.points}分</View>
            </View>
          ))}
        </View>
      )}
    </View>
  )
}

function VisibilitySwitch({ household }: { household: NonNullable<PointsSummary['household']> }) {
  const queryClient = useQueryClient()
  const change = useIdempotentMutation({
    mutationFn: (show: boolean, key) => setLeaderboardVisibility(show, key),
    action: (show) => `visibility:${show}`,
    onSuccess: (summary, show) => {
      queryClient.setQueryData(pointsKeys.summary, summary)
      void queryClient.invalidateQueries({ queryKey: ['points', 'leaderboard'] })
      void Taro.showToast({ title: show ? '排行榜上会显示我家' : '排行榜上我家显示为匿名', icon: 'none' })
    },
  })
  const checked = change.isPending && change.variables !== undefined ? change.variables : household.showOnLeaderboard
  return (
    <Cell.Group className='leaderboard-visibility'>
      <Cell
        className='tap-target'
        title='在排行榜显示我家'
        description='关闭后，其他居民看到的是「匿名」'
        extra={<Switch checked={checked} disabled={change.isPending} onChange={(value: boolean) => change.mutate(value)} aria-label='在排行榜显示我家' />}
      />
    </Cell.Group>
  )
}
