import { useState } from 'react'
import Taro, { useShareAppMessage } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { HOUSEHOLD_RELATIONSHIP_LABELS } from '../../../../types/api/labels'
import type { HouseholdInvite, MyHousehold } from '../../../../types/api/people'
import { EmptyState } from '../../../components/empty-state'
import { InviteShare } from '../../../components/invite-share'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../services/http'
import { getMyHousehold, inviteToHousehold, leaveHousehold, peopleKeys } from '../../../services/people'
import { formatDateTime } from '../../../utils/format'
import { goTo, goToLogin, ROUTES } from '../../../utils/navigation'
import './index.scss'

/** 我的家庭: who lives here, inviting family (a share card), and leaving. */
export default function HouseholdPage() {
  const household = useQuery({ queryKey: peopleKeys.household, queryFn: getMyHousehold })
  const [invite, setInvite] = useState<HouseholdInvite | null>(null)
  usePullRefresh(() => household.refetch())
  // The share card opens the invitation (WeChat's 转发 from this page, or the 发送给家人 button).
  useShareAppMessage(() => (invite ? { title: '邀请您加入我的家庭（家门口）', path: `/${invite.path}` } : { title: '家门口', path: '/pages/index/index' }))
  return (
    <PageShell>
      <QueryView query={household} onLogin={goToLogin}>
        {(data) =>
          data.household ? (
            <Household household={data.household} invite={invite} onInvited={setInvite} />
          ) : (
            <EmptyState title='您还没有加入家庭' description='完成住户认证，或请家人从「我的家庭」邀请您加入' action={{ text: '去住户认证', onClick: () => goTo(ROUTES.residency) }} />
          )
        }
      </QueryView>
    </PageShell>
  )
}

function Household({ household: h, invite, onInvited }: { household: NonNullable<MyHousehold['household']>; invite: HouseholdInvite | null; onInvited: (i: HouseholdInvite) => void }) {
  const queryClient = useQueryClient()
  const create = useIdempotentMutation({
    mutationFn: (_vars, key) => inviteToHousehold(key),
    onSuccess: onInvited,
  })
  const leave = useIdempotentMutation({
    mutationFn: (_vars, key) => leaveHousehold(key),
    onSuccess: (left) => {
      queryClient.setQueryData(peopleKeys.household, left)
      // Points, 我的 and everything that depends on the household are read again.
      void queryClient.invalidateQueries()
      void Taro.showToast({ title: '已退出家庭', icon: 'none', duration: 2500 })
    },
    onError: (err) => void Taro.showToast({ title: err instanceof ApiError ? err.message : NETWORK_ERROR_MESSAGE, icon: 'none', duration: 3000 }),
  })
  const askLeave = async () => {
    const answer = await Taro.showModal({ title: '退出家庭', content: '退出后不能再使用这个家庭的积分，积分留在这个家庭。搬家请重新进行住户认证。', confirmText: '退出', cancelText: '再想想' })
    if (answer.confirm) leave.mutate()
  }

  return (
    <View>
      <View className='card household'>
        <View className='household__title'>家庭住址</View>
        <View className='household__address'>{h.address}</View>
      </View>

      <View className='section-title'>家庭成员（{h.members.length}人）</View>
      <View className='card household-members'>
        {h.members.map((m) => (
          <View key={m.personId} className='household-member'>
            <View className='household-member__main'>
              <View className='household-member__name'>
                {m.name}
                {m.isMe ? <View className='household-member__me'>我</View> : null}
              </View>
              <View className='muted'>
                {[m.relationship ? HOUSEHOLD_RELATIONSHIP_LABELS[m.relationship] : null, m.phoneMasked].filter(Boolean).join(' · ') || '—'}
              </View>
            </View>
            <View className={`household-member__account${m.hasAccount ? ' household-member__account--linked' : ''}`}>{m.hasAccount ? '已加入' : '未加入'}</View>
          </View>
        ))}
      </View>

      <View className='card household-invite'>
        <View className='household__title'>邀请家人</View>
        <View className='muted'>家人收到邀请后，填写姓名和手机号即可加入，不用再到社区审核。积分全家共用。</View>
        {invite ? (
          <InviteShare path={invite.path} note={`邀请${formatDateTime(invite.expiresAt)}前有效，只能用一次`} shareText='发送给家人' />
        ) : (
          <Button type='primary' block className='tap-target household-invite__create' disabled={create.isPending} onClick={() => create.mutate()}>
            {create.isPending ? '正在生成邀请…' : '邀请家人加入'}
          </Button>
        )}
        {create.isError ? <View className='form-error'>{create.error instanceof ApiError ? create.error.message : NETWORK_ERROR_MESSAGE}</View> : null}
      </View>

      <Button block className='tap-target household-leave' disabled={leave.isPending} onClick={() => void askLeave()}>
        退出家庭
      </Button>
      <View className='muted household-staff'>家庭成员有变动（如有人搬走）可联系社区工作人员处理。</View>
    </View>
  )
}
