import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { UnitInvitePreview } from '../../../../types/api/dual-reporting'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { useActionKey } from '../../../hooks/use-action-key'
import { acceptUnitInvite, dualReportingKeys, previewUnitInvite } from '../../../services/dual-reporting'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../services/http'
import { formatDateTime } from '../../../utils/format'
import { goTo, goToLogin, ROUTES } from '../../../utils/navigation'
import './index.scss'

const DEAD_INVITE = ['INVITE_EXPIRED', 'INVITE_INVALID', 'INVITE_USED']

/** 加入驻区单位: opened from a unit admin's share card, with the invitation's code. */
export default function JoinUnitPage() {
  const { params } = useRouter()
  const code = params.code ? decodeURIComponent(params.code) : ''
  return <PageShell>{code ? <Join code={code} /> : <EmptyState title='邀请链接不完整' description='请让单位管理员重新分享邀请' />}</PageShell>
}

function Join({ code }: { code: string }) {
  const preview = useQuery({ queryKey: dualReportingKeys.unitInvite(code), queryFn: () => previewUnitInvite(code), retry: false })
  if (preview.error instanceof ApiError && DEAD_INVITE.includes(preview.error.code)) {
    return <EmptyState title='邀请已失效' description={preview.error.message} />
  }
  return (
    <QueryView query={preview} onLogin={goToLogin}>
      {(invite) => <Invitation code={code} invite={invite} />}
    </QueryView>
  )
}

function Invitation({ code, invite }: { code: string; invite: UnitInvitePreview }) {
  const queryClient = useQueryClient()
  const actions = useActionKey()
  const join = useMutation({
    mutationFn: () => acceptUnitInvite(code, actions.key(`join:${code}`)),
    onSettled: (_d, err) => actions.settle(`join:${code}`, err),
    onSuccess: (joined) => {
      // Who the account is has changed (its unit, its roles): everything is read again.
      void queryClient.invalidateQueries()
      queryClient.setQueryData(dualReportingKeys.myUnit, joined)
      void Taro.showToast({ title: `已加入${invite.unitName}`, icon: 'none', duration: 2500 })
      void Taro.redirectTo({ url: ROUTES.unit })
    },
  })
  const error = join.isError ? (join.error instanceof ApiError ? join.error.message : NETWORK_ERROR_MESSAGE) : null
  const alreadyIn = join.error instanceof ApiError && join.error.code === 'ALREADY_IN_UNIT'

  return (
    <View className='unit-join'>
      <View className='card unit-join__invite'>
        <View className='unit-join__title'>{invite.inviterName}邀请您加入驻区单位</View>
        <View className='unit-join__unit'>{invite.unitName}</View>
        <View>报到社区：{invite.communityName}</View>
        <View className='muted'>加入后可以以单位名义认领微心愿，您参加志愿活动的服务计入单位。邀请{formatDateTime(invite.expiresAt)}前有效。</View>
      </View>
      {error ? <View className='form-error unit-join__error'>{error}</View> : null}
      {alreadyIn ? (
        <Button block className='tap-target unit-join__mine' onClick={() => goTo(ROUTES.unit)}>
          查看我的单位
        </Button>
      ) : (
        <Button type='primary' block className='tap-target unit-join__submit' disabled={join.isPending} onClick={() => join.mutate()}>
          {join.isPending ? '正在加入…' : '加入单位'}
        </Button>
      )}
    </View>
  )
}
