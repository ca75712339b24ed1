import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../services/http'
import { acceptStaffInvite, previewStaffInvite, staffAdminKeys } from '../../../services/people'
import { formatDateTime } from '../../../utils/format'
import { goToLogin } from '../../../utils/navigation'

const ME_TAB = '/pages/me/index'
const SPENT = ['INVITE_USED', 'INVITE_EXPIRED', 'INVITE_INVALID']

/** 工作人员邀请: opened from an admin's share card; accepting makes this WeChat account staff of the community. */
export default function StaffInvitePage() {
  const { params } = useRouter()
  const code = params.code ? decodeURIComponent(params.code) : ''
  return <PageShell>{code ? <Invite code={code} /> : <EmptyState title='邀请链接不完整' description='请让管理员重新发送邀请' />}</PageShell>
}

function Invite({ code }: { code: string }) {
  const queryClient = useQueryClient()
  const preview = useQuery({ queryKey: staffAdminKeys.invite(code), queryFn: () => previewStaffInvite(code), retry: false })
  const accept = useIdempotentMutation({
    mutationFn: (_vars, key) => acceptStaffInvite(code, key),
    action: () => `accept:${code}`,
    onSuccess: () => {
      // The account's roles changed: everything is read again, and 我的 shows 社区工作台.
      void queryClient.invalidateQueries()
      void Taro.showToast({ title: '已成为社区工作人员', icon: 'none', duration: 2500 })
      void Taro.switchTab({ url: ME_TAB })
    },
  })
  if (preview.error instanceof ApiError && SPENT.includes(preview.error.code)) return <EmptyState title='邀请已失效' description={preview.error.message} />
  return (
    <QueryView query={preview} onLogin={goToLogin}>
      {(invite) => (
        <View>
          <View className='card'>
            <View className='section-title'>{invite.inviterName}邀请您成为{invite.communityName}的工作人员</View>
            {invite.note ? <View>{invite.note}</View> : null}
            <View className='muted'>接受后，您可以在「我的 › 社区工作台」处理本社区的住户认证、心愿审核、预约和活动。邀请{formatDateTime(invite.expiresAt)}前有效。</View>
          </View>
          {accept.isError ? <View className='form-error'>{accept.error instanceof ApiError ? accept.error.message : NETWORK_ERROR_MESSAGE}</View> : null}
          <Button type='primary' block className='tap-target' disabled={accept.isPending} onClick={() => accept.mutate()}>
            {accept.isPending ? '正在接受…' : '接受邀请'}
          </Button>
        </View>
      )}
    </QueryView>
  )
}
