import { Text, View } from '@tarojs/components'
import { Button, Cell } from '@nutui/nutui-react-taro'
import { useQuery } from '@tanstack/react-query'
import type { PointsSummary } from '../../../../types/api/points'
import { EmptyState } from '../../../components/empty-state'
import { LedgerList } from '../../../components/ledger-list'
import { LoadMore } from '../../../components/load-more'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { useCursorPages } from '../../../hooks/use-cursor-pages'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { getPointsHistory, getPointsSummary, pointsKeys } from '../../../services/points'
import { formatDate } from '../../../utils/format'
import { goTo, goToLogin, ROUTES } from '../../../utils/navigation'
import './index.scss'

export default function PointsPage() {
  const summary = useQuery({ queryKey: pointsKeys.summary, queryFn: getPointsSummary })
  const hasHousehold = Boolean(summary.data?.household)
  const history = useCursorPages(pointsKeys.history, getPointsHistory, hasHousehold)
  usePullRefresh(() => Promise.all([summary.refetch(), hasHousehold ? history.query.refetch() : null]))

  return (
    <PageShell>
      <QueryView query={summary} onLogin={goToLogin}>
        {(s) => (
          <View>
            {s.household ? <Balance summary={s} household={s.household} /> : <NoHousehold summary={s} />}
            {s.expiry ? (
              <View className='points-expiry'>
                <View>
                  您家有 <Text className='points-expiry__amount'>{s.expiry.amount}</Text> 积分将于 {formatDate(s.expiry.date)} 到期，请及时兑换。
                </View>
                <Button type='primary' block className='tap-target' onClick={() => goTo(ROUTES.shop)}>
                  去积分超市兑换
                </Button>
              </View>
            ) : null}
            {s.household ? (
              <Cell.Group className='points-links'>
                <Cell className='tap-target' title='积分超市' description='用积分兑换物品和服务' extra='去兑换 ›' clickable onClick={() => goTo(ROUTES.shop)} />
                <Cell className='tap-target' title='我的兑换' description='取货码和兑换记录' extra='查看 ›' clickable onClick={() => goTo(ROUTES.redemptions)} />
                <Cell className='tap-target' title='月度账单' description='每月获得和使用了多少' extra='查看 ›' clickable onClick={() => goTo(ROUTES.statement)} />
                <Cell className='tap-target' title='积分排行' description='社区和网格的家庭排行' extra='查看 ›' clickable onClick={() => goTo(ROUTES.leaderboard)} />
              </Cell.Group>
            ) : null}

            <View className='section-title'>如何获得积分</View>
            <Cell.Group>
              {s.rules.map((r) => (
                <Cell key={r.rule} title={r.label} description={r.unit} extra={`${r.points}分`} />
              ))}
            </Cell.Group>

            {s.household ? (
              <>
                <View className='section-title'>积分明细</View>
                <QueryView
                  query={history.query}
                  isEmpty={() => history.items.length === 0}
                  empty={<EmptyState title='还没有积分记录' description='参加志愿服务、帮助兑现微心愿都能获得积分' />}
                >
                  {() => (
                    <>
                      <LedgerList entries={history.items} />
                      <LoadMore hasMore={history.query.hasNextPage} loading={history.query.isFetchingNextPage} onLoad={() => void history.query.fetchNextPage()} />
                    </>
                  )}
                </QueryView>
              </>
            ) : null}
          </View>
        )}
      </QueryView>
    </PageShell>
  )
}

function Balance({ summary, household }: { summary: PointsSummary; household: NonNullable<PointsSummary['household']> }) {
  return (
    <View className='points-hero'>
      <View className='points-hero__label'>我家积分</View>
      <View className='points-hero__balance'>{household.balance}</View>
      <View className='points-hero__address'>{household.address}</View>
      <View className='points-hero__figures'>
        <View className='points-hero__figure'>
          <View className='points-hero__figure-value'>{household.earnedThisYear}</View>
          <View>全家今年获得</View>
        </View>
        <View className='points-hero__figure'>
          <View className='points-hero__figure-value'>{summary.myEarnedThisYear}</View>
          <View>我今年获得</View>
        </View>
      </View>
    </View>
  )
}

function NoHousehold({ summary }: { summary: PointsSummary }) {
  return (
    <View className='card points-no-household'>
      <View className='points-no-household__title'>积分以家庭为单位</View>
      <View className='muted'>
        您还没有登记家庭住址。完成住户认证（或由家人邀请加入家庭）后，您和家人获得的积分会合计到家庭账户，可以在积分超市兑换物品和服务。
      </View>
      <View className='points-no-household__mine'>我今年获得 {summary.myEarnedThisYear} 分</View>
      <Button type='primary' block className='tap-target points-no-household__apply' onClick={() => goTo(ROUTES.residency)}>
        去住户认证
      </Button>
    </View>
  )
}
