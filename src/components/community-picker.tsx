import { View } from '@tarojs/components'
import { useQueryClient } from '@tanstack/react-query'
import { authKeys } from '../services/auth'
import { CommunityChoices } from './community-choices'

/** Lets a visitor whose account is not yet placed in a community choose the one to browse (and to belong to). */
export function CommunityPicker({ onChosen }: { onChosen?: () => void } = {}) {
  const queryClient = useQueryClient()
  return (
    <View>
      <View className='section-title'>请选择您所在的社区</View>
      <CommunityChoices
        onChosen={() => {
          void queryClient.invalidateQueries({ queryKey: authKeys.me })
          onChosen?.()
        }}
      />
    </View>
  )
}
