import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQueryClient } from '@tanstack/react-query'
import type { CreateWishRequest } from '../../../../types/api/wishes'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { useWishForm, WISH_FIELD_OF, wishDraftKey, WishFormFields } from '../../../components/wish-form'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { useMe } from '../../../hooks/use-me'
import { useReminderSubscription } from '../../../hooks/use-reminder-subscription'
import { createWish, wishKeys } from '../../../services/wishes'
import { fieldErrorsOf } from '../../../utils/field-errors'
import { goToLogin, wishDetailUrl } from '../../../utils/navigation'
import './index.scss'

export default function PostWishPage() {
  const me = useMe()
  return (
    <PageShell>
      <QueryView query={me} onLogin={goToLogin}>
        {(profile) => <PostWish key={profile.id} userId={profile.id} />}
      </QueryView>
    </PageShell>
  )
}

function PostWish({ userId }: { userId: number }) {
  const queryClient = useQueryClient()
  const form = useWishForm(wishDraftKey(userId))
  const askForReminders = useReminderSubscription('wish_posted')
  const create = useIdempotentMutation({
    mutationFn: (body: CreateWishRequest, key) => createWish(body, key),
    onSuccess: (wish) => {
      form.clear()
      queryClient.setQueryData(wishKeys.detail(wish.id), wish)
      void queryClient.invalidateQueries({ queryKey: wishKeys.all })
      void Taro.showToast({ title: '已提交，等待社区审核', icon: 'none', duration: 2500 })
      // The form is done with: back from the wish goes where the user came from.
      void Taro.redirectTo({ url: wishDetailUrl(wish.id) })
    },
    onError: (err) => form.showErrors(fieldErrorsOf(err, WISH_FIELD_OF).fields),
  })
  const other = create.isError ? fieldErrorsOf(create.error, WISH_FIELD_OF).other : []

  const submit = () => {
    const body = form.validate()
    if (!body) return
    // Still inside the tap, before anything is awaited: WeChat shows its dialog only from a tap.
    askForReminders()
    create.mutate(body)
  }

  return (
    <View>
      <View className='card wish-post__intro'>
        <View>说说您的小心愿，社区审核通过后，志愿者、党员或驻区单位会来认领帮您实现。</View>
        <View className='muted'>填写的内容会自动保存，离开页面也不会丢失。公开展示时只显示您的姓氏和楼栋，联系方式只给认领人。</View>
      </View>
      <View className='card'>
        <WishFormFields form={form} />
      </View>
      {other.map((message) => (
        <View key={message} className='form-error wish-post__error'>
          {message}
        </View>
      ))}
      <Button type='primary' block className='tap-target wish-post__submit' disabled={create.isPending} onClick={submit}>
        {create.isPending ? '正在提交…' : form.uploading ? '照片上传中…' : '提交心愿'}
      </Button>
    </View>
  )
}
