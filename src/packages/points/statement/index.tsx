import { useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery } from '@tanstack/react-query'
import type { Statement } from '../../../../types/api/points'
import { EmptyState } from '../../../components/empty-state'
import { LedgerList } from '../../../components/ledger-list'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { getStatement, pointsKeys } from '../../../services/points'
import { currentMonth, formatMonth, shiftMonth } from '../../../utils/format'
import { goToLogin } from '../../../utils/navigation'
import './index.scss'

export default function StatementPage() {
  const thisMonth = currentMonth()
  const [month, setMonth] = useState(thisMonth)
  const statement = useQuery({ queryKey: pointsKeys.statement(month), queryFn: () => getStatement(month) })
  usePullRefresh(() => statement.refetch())

  return (
    <PageShell>
      <View className='month-switcher'>
        <Button className='tap-target month-switcher__button' onClick={() => setMonth(shiftMonth(month, -1))}>
          ‹ 上个月
        </Button>
        <View className='month-switcher__month'>{formatMonth(month)}</View>
        <Button className='tap-target month-switcher__button' disabled={month >= thisMonth} onClick={() => setMonth(shiftMonth(month, 1))}>
          下个月 ›
        </Button>
      </View>
      <QueryView query={statement} onLogin={goToLogin}>
        {(s) => <StatementView statement={s} />}
      </QueryView>
    </PageShell>
  )
}

function StatementView({ statement }: { statement: Statement }) {
  const figures = [
    { label: '月初积分', value: String(statement.opening), key: 'opening' },
    { label: '本月获得', value: statement.earned > 0 ? `+${statement.earned}` : '0', key: 'earned' },
    { label: '本月使用', value: statement.spent > 0 ? `-${statement.spent}` : '0', key: 'spent' },
    { label: '月末积分', value: String(statement.closing), key: 'closing' },
  ]
  return (
    <View>
      <View className='statement-figures'>
        {figures.map((f) => (
          <View key={f.key} className={`card statement-figure statement-figure--${f.key}`}>
            <View className='muted'>{f.label}</View>
            <View className='statement-figure__value'>{f.value}</View>
          </View>
        ))}
      </View>
      <View className='section-title'>本月明细（{statement.entries.length}笔）</View>
      {statement.entries.length === 0 ? <EmptyState title='本月没有积分变动' /> : <LedgerList entries={statement.entries} />}
    </View>
  )
}
