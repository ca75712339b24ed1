import { useState, type ReactNode } from 'react'
import { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useQuery } from '@tanstack/react-query'
import type { Me } from '../../../../types/api/me'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { EmptyState } from '../../../components/empty-state'
import { QueryView } from '../../../components/query-view'
import { useMe } from '../../../hooks/use-me'
import { listCommunityChoices, peopleKeys } from '../../../services/people'
import { goToLogin } from '../../../utils/navigation'
import { staffCommunityOf } from '../../../utils/staff'
import './workbench-gate.scss'

/*
 * The 工作台's pages are for staff (and admins, who may act in every community), like the staff pages' StaffGate.
 * This is the workbench's own copy: a module shared by two subpackages would move into the main package.
 */

/** `?communityId=` carried from the 工作台 home, so every page of it starts in the community chosen there. */
export function useCommunityParam(): number | undefined {
  const id = Number(useRouter().params.communityId)
  return Number.isInteger(id) && id > 0 ? id : undefined
}

/**
 * Renders a workbench page only for staff; anyone else is told the page is not for them. Whoever may act in
 * several communities chooses one at the top; the page below starts afresh in it.
 */
export function WorkbenchGate({ children }: { children: (communityId: number, me: Me) => ReactNode }) {
  const me = useMe()
  const initial = useCommunityParam()
  return (
    <QueryView query={me} onLogin={goToLogin}>
      {(profile) =>
        profile.staffCommunityIds.length === 0 ? (
          <EmptyState title='仅限社区工作人员使用' description='社区工作台供社区工作人员处理本社区的事务' />
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
        <View className='workbench-gate__communities'>
          <View className='field__label'>社区</View>
          <ChoiceButtons options={items.filter((c) => ids.includes(c.id)).map((c) => ({ value: c.id, label: c.name }))} value={value} onChange={onChange} />
        </View>
      )}
    </QueryView>
  )
}
