import { useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery } from '@tanstack/react-query'
import type { HouseholdSearchResult } from '../../../types/api/points'
import { EmptyState } from '../../components/empty-state'
import { QueryView } from '../../components/query-view'
import { TextField } from '../../components/text-field'
import { pointsKeys } from '../../services/points'
import { searchHouseholds } from '../../services/staff/points'
import './household-search.scss'

export type FoundHousehold = HouseholdSearchResult['items'][number]
/** The household chosen, with the search that found it (whose query keeps it up to date). */
export type ChosenHousehold = { household: FoundHousehold; q: string }

/** The chosen household as the search now has it (its balance moves with each adjustment). */
export function useChosenHousehold(communityId: number, chosen: ChosenHousehold): FoundHousehold {
  const search = useQuery({ queryKey: pointsKeys.householdSearch(communityId, chosen.q), queryFn: () => searchHouseholds(communityId, chosen.q) })
  return search.data?.items.find((h) => h.id === chosen.household.id) ?? chosen.household
}

/**
 * 查找住户: by a member's name, the last four digits of a phone (尾号), a whole number, or the door (门牌); the
 * households found, each to choose. Staff pages that work on one household (积分, 住户管理) start here.
 */
export function HouseholdSearch({ communityId, onChoose }: { communityId: number; onChoose: (chosen: ChosenHousehold) => void }) {
  const [draft, setDraft] = useState('')
  const [q, setQ] = useState('')
  const [searchError, setSearchError] = useState<string | null>(null)
  const search = useQuery({ queryKey: pointsKeys.householdSearch(communityId, q), queryFn: () => searchHouseholds(communityId, q), enabled: q !== '' })
  const submit = () => {
    const value = draft.trim()
    if (!value) return setSearchError('请输入姓名、手机号后四位或门牌')
    setSearchError(null)
    setQ(value)
  }
  return (
    <View>
      <View className='card household-search'>
        <View className='field__label'>查找住户</View>
        <TextField value={draft} placeholder='姓名、手机号后四位或门牌' label='查找住户' maxLength={30} onChange={(v) => setDraft(v)} />
        {searchError ? <View className='form-error'>{searchError}</View> : null}
        <Button type='primary' block className='tap-target' onClick={submit}>
          搜索
        </Button>
      </View>
      {q ? (
        <QueryView query={search} isEmpty={(r) => r.items.length === 0} empty={<EmptyState title='没有找到住户' description='换个姓名、手机号后四位或门牌试试' />}>
          {(r) => (
            <View>
              <View className='section-title'>找到 {r.items.length} 户</View>
              {r.items.map((h) => (
                <View key={h.id} className='card household-found'>
                  <View className='household-found__address'>{h.address}</View>
                  <View className='muted'>成员：{h.members.map((m) => m.name).join('、') || '无'}</View>
                  <View className='muted'>当前积分：{h.balance}</View>
                  <Button block className='tap-target' onClick={() => onChoose({ household: h, q })}>
                    选择这户
                  </Button>
                </View>
              ))}
            </View>
          )}
        </QueryView>
      ) : null}
    </View>
  )
}
