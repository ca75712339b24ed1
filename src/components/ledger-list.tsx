import { View } from '@tarojs/components'
import type { LedgerEntry } from '../../types/api/points'
import { formatDateTime, formatPoints } from '../utils/format'
import './ledger-list.scss'

/** Rows of a household's points ledger: what happened, who, when, the change and the balance after it. */
export function LedgerList({ entries }: { entries: LedgerEntry[] }) {
  return (
    <View className='ledger'>
      {entries.map((e) => (
        <View key={e.id} className='ledger-row'>
          <View className='ledger-row__main'>
            <View className='ledger-row__title'>{e.title}</View>
            <View className='muted'>
              {e.personName ? `${e.personName} · ` : ''}
              {formatDateTime(e.createdAt)}
            </View>
          </View>
          <View className='ledger-row__side'>
            <View className={`ledger-row__amount ${e.amount > 0 ? 'ledger-row__amount--plus' : 'ledger-row__amount--minus'}`}>{formatPoints(e.amount)}</View>
            <View className='muted'>余 {e.householdBalanceAfter}</View>
          </View>
        </View>
      ))}
    </View>
  )
}
