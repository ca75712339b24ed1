import { View } from '@tarojs/components'
import { Button, Cell } from '@nutui/nutui-react-taro'
import { useMutation, useQuery } from '@tanstack/react-query'
import type { CommunityChoice } from '../../types/api/people'
import { usePosition } from '../hooks/use-position'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../services/http'
import { chooseCommunity, listCommunityChoices, peopleKeys } from '../services/people'
import { session } from '../services/session'
import { chosenCommunity } from '../stores/preferences'
import { EmptyState } from './empty-state'
import { QueryView } from './query-view'

/** 1.2公里, 350米 */
function distanceLabel(m: number): string {
  return m >= 1000 ? `${(m / 1000).toFixed(1)}公里` : `${m}米`
}

/**
 * The district's communities to choose from: nearest first once the user lets the app use the position, else by
 * 街道. Choosing one remembers it on the phone (for browsing) and, for a logged-in account, on the server: the
 * account then belongs there until 住户认证 places it at an address.
 */
export function CommunityChoices({ onChosen }: { onChosen?: (communityId: number) => void }) {
  const located = usePosition()
  const communities = useQuery({ queryKey: peopleKeys.communities(located.position), queryFn: () => listCommunityChoices(located.position) })
  const choose = useMutation({
    mutationFn: async (c: CommunityChoice) => {
      if (session.token()) await chooseCommunity(c.id)
      return c.id
    },
    onSuccess: (id) => {
      chosenCommunity.set(id)
      onChosen?.(id)
    },
  })
  return (
    <View className='community-choices'>
      {!located.position ? (
        <Button block className='tap-target community-choices__locate' onClick={() => void located.enable()}>
          按离我的距离排序
        </Button>
      ) : null}
      {choose.isError ? <View className='form-error'>{choose.error instanceof ApiError ? choose.error.message : NETWORK_ERROR_MESSAGE}</View> : null}
      <QueryView query={communities} isEmpty={(items) => items.length === 0} empty={<EmptyState title='暂无社区' />}>
        {(items) => (
          <Cell.Group>
            {items.map((c) => (
              <Cell
                key={c.id}
                className='tap-target community-choices__item'
                title={c.name}
                description={`${c.subdistrictName} · ${c.address}`}
                extra={c.distanceMeters !== null ? distanceLabel(c.distanceMeters) : undefined}
                clickable
                onClick={() => choose.mutate(c)}
              />
            ))}
          </Cell.Group>
        )}
      </QueryView>
    </View>
  )
}
