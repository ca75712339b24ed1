import { View } from '@tarojs/components'
import type { QueryClient } from '@tanstack/react-query'
import type { CommunityOrg } from '../../../../types/api/people'
import { orgStructureKeys } from '../../../services/org'
import { peopleKeys } from '../../../services/people'

export type Grid = CommunityOrg['grids'][number]
export type Building = CommunityOrg['buildings'][number]

/**
 * After a write: the answer is the community's whole tree. The district's figures and the address book residents
 * pick their flat from follow.
 */
export function applyCommunityOrg(queryClient: QueryClient, after: CommunityOrg) {
  queryClient.setQueryData(orgStructureKeys.community(after.communityId), after)
  void queryClient.invalidateQueries({ queryKey: orgStructureKeys.district })
  void queryClient.invalidateQueries({ queryKey: peopleKeys.addressBook(after.communityId) })
}

/** A form field's message: the form's own check first, else the server's. */
export function FieldError({ field, messages }: { field: string; messages: (string | undefined)[] }) {
  const message = messages.find(Boolean)
  return message ? <View className={`form-error form-error--${field}`}>{message}</View> : null
}

/** The server's messages that belong to no field, above the form's button. */
export function OtherErrors({ messages }: { messages: string[] }) {
  return (
    <>
      {messages.map((m) => (
        <View key={m} className='form-error'>
          {m}
        </View>
      ))}
    </>
  )
}
