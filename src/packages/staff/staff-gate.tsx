import { useState, type ReactNode } from 'react'
import { View } from '@tarojs/components'
import { useQuery } from '@tanstack/react-query'
import type { Me } from '../../../types/api/me'
import { ChoiceButtons } from '../../components/choice-buttons'
import { EmptyState } from '../../components/empty-state'
import { QueryView } from '../../components/query-view'
import { useMe } from '../../hooks/use-me'
import { listCommunityChoices, peopleKeys } from '../../services/people'
import { goToLogin } from '../../utils/navigation'
import { staffCommunityOf } from '../../utils/staff'
import './staff-gate.scss'

/**
 * Renders a staff page only for staff; anyone else is told the page is not for them. Whoever may act in several
 * communities (the admin) chooses one at the top; the page below starts afresh in it. `initial` is the
 * community a link asked for, when the account may act there.
 */
export function StaffGate({ children, initial }: { children: (communityId: number, me: Me) => ReactNode; initial?: number }) {
  const me = useMe()
  return (
    <QueryView query={me} onLogin={goToLogin}>
      {(profile) =>
        profile.staffCommunityIds.length === 0 ? (
          <EmptyState title='仅限社区工作人员使用' description='这个页面供社区工作人员处理本社区的事务' />
        ) : (
          <InCommunity me={profile} initial={initial}>
            {children}
          </InCommunity>
        )
      }
    </QueryView>
  )
}

function InCommunity({ me, initial, children }: { me: Me; initial?: number; children: (communityId: number, me: Me) => ReactNode }) {
  const [communityId, setCommunityId] = useState(() => (initial !== undefined && me.staffCommunityIds.includes(initial) ? initial : staffCommunityOf(me)))
  return (
    <View>
      {me.staffCommunityIds.length > 1 ? <CommunitySwitch ids={me.staffCommunityIds} value={communityId} onChange={setCommunityId} /> : null}
      <View key={communityId}>{children(communityId, me)}</View>
    </View>
  )
}

function CommunitySwitch({ ids, value, onChange }: { ids: number[]; value: number; onChange: (id: number) => void }) {
  const communities = useQuery({ queryKey: peopleKeys.communities(null), queryFn: () => listCommunityChoices(null) })
  return (
    <QueryView query={communities} skeletonRows={1}>
      {(items) => (
        <View className='staff-gate__communities'>
          <View className='field__label'>社区</View>
          <ChoiceButtons options={items.filter((c) => ids.includes(c.id)).map((c) => ({ value: c.id, label: c.name }))} value={value} onChange={onChange} />
        </View>
      )}
    </QueryView>
  )
}
