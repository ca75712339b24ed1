import { View } from '@tarojs/components'
import { Cell } from '@nutui/nutui-react-taro'
import { useQuery } from '@tanstack/react-query'
import { listCommunities, orgKeys } from '../services/org'
import { chosenCommunity } from '../stores/preferences'
import { QueryView } from './query-view'
import { EmptyState } from './empty-state'

/** Lets a visitor whose account is not yet placed in a community choose the one to browse. */
export function CommunityPicker() {
  const communities = useQuery({ queryKey: orgKeys.communities, queryFn: listCommunities })
  return (
    <View>
      <View className='section-title'>请选择您所在的社区</View>
      <QueryView query={communities} isEmpty={(items) => items.length === 0} empty={<EmptyState title='暂无社区' />}>
        {(items) => (
          <Cell.Group>
            {items.map((c) => (
              <Cell key={c.id} className='tap-target' title={c.name} description={`${c.districtName} ${c.subdistrictName}`} clickable onClick={() => chosenCommunity.set(c.id)} />
            ))}
          </Cell.Group>
        )}
      </QueryView>
    </View>
  )
}
