import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { HOUSEHOLD_RELATIONSHIP_LABELS } from '../../../../types/api/labels'
import type { StaffHousehold } from '../../../../types/api/people'
import { CallButton } from '../../../components/call-button'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../services/http'
import { peopleKeys } from '../../../services/people'
import { pointsKeys } from '../../../services/points'
import { getStaffHousehold, removeHouseholdMember } from '../../../services/staff/people'
import { HouseholdSearch } from '../household-search'
import { StaffGate } from '../staff-gate'
import './index.scss'

/*
 * 住户管理: staff find a household of their community and see who lives there (relationship, phone, whether an
 * account stands for them — the view is logged), and take out someone who moved away or was entered by mistake.
 * Family members join by invitation without a second check; this is where staff keep an eye on it.
 */

export default function StaffHouseholdsPage() {
  return (
    <PageShell>
      <StaffGate>{(communityId) => <Households communityId={communityId} />}</StaffGate>
    </PageShell>
  )
}

function Households({ communityId }: { communityId: number }) {
  const [householdId, setHouseholdId] = useState<number | null>(null)
  if (householdId !== null) return <Members householdId={householdId} onBack={() => setHouseholdId(null)} />
  return <HouseholdSearch communityId={communityId} onChoose={({ household }) => setHouseholdId(household.id)} />
}

function Members({ householdId, onBack }: { householdId: number; onBack: () => void }) {
  const household = useQuery({ queryKey: peopleKeys.staffHousehold(householdId), queryFn: () => getStaffHousehold(householdId) })
  usePullRefresh(() => household.refetch())
  return (
    <View>
      <QueryView query={household} skeletonRows={4}>
        {(h) => <MemberList household={h} />}
      </QueryView>
      <Button block className='tap-target households-back' onClick={onBack}>
        重新选择住户
      </Button>
    </View>
  )
}

function MemberList({ household: h }: { household: StaffHousehold }) {
  const queryClient = useQueryClient()
  const remove = useIdempotentMutation({
    mutationFn: (personId: number, key) => removeHouseholdMember(h.id, personId, key),
    action: (personId) => `remove:${h.id}:${personId}`,
    onSuccess: (after) => {
      queryClient.setQueryData(peopleKeys.staffHousehold(h.id), after)
      // The household search (members, the 积分 page) reads it again.
      void queryClient.invalidateQueries({ queryKey: pointsKeys.staff })
      void Taro.showToast({ title: '已移出这一户', icon: 'none', duration: 2500 })
    },
    onError: (err) => {
      void Taro.showToast({ title: err instanceof ApiError ? err.message : NETWORK_ERROR_MESSAGE, icon: 'none', duration: 3000 })
      void queryClient.invalidateQueries({ queryKey: peopleKeys.staffHousehold(h.id) })
    },
  })
  const askRemove = async (name: string, personId: number) => {
    const answer = await Taro.showModal({
      title: '移出这一户',
      content: `${name}将不再是这一户的成员，不能再使用这户的积分；这户的积分留在这户。搬到本区其他住址的，请他重新进行住户认证。`,
      confirmText: '移出',
      cancelText: '再想想',
    })
    if (answer.confirm) remove.mutate(personId)
  }

  return (
    <View>
      <View className='card households-address'>{h.address}</View>
      <View className='section-title'>成员（{h.members.length}人）</View>
      {h.members.length === 0 ? <View className='card muted'>这一户还没有登记成员。</View> : null}
      {h.members.map((m) => (
        <View key={m.personId} className='card households-member'>
          <View className='households-member__head'>
            <View className='households-member__name'>{m.name}</View>
            {m.relationship ? <View className='households-member__relationship'>{HOUSEHOLD_RELATIONSHIP_LABELS[m.relationship]}</View> : null}
          </View>
          <View className='muted'>{m.hasAccount ? '已绑定微信' : '未绑定微信（台账登记）'}</View>
          {m.phone ? <CallButton phone={m.phone} className='households-member__call' /> : <View className='muted'>未登记手机号</View>}
          <Button block className='tap-target households-member__remove' disabled={remove.isPending} onClick={() => void askRemove(m.name, m.personId)}>
            移出这一户
          </Button>
        </View>
      ))}
    </View>
  )
}
