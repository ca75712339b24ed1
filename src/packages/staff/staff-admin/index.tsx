import { useState } from 'react'
import Taro, { useShareAppMessage } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { CommunityStaff, StaffInvite } from '../../../../types/api/people'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { EmptyState } from '../../../components/empty-state'
import { InviteShare } from '../../../components/invite-share'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { TextField } from '../../../components/text-field'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { useMe } from '../../../hooks/use-me'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../services/http'
import { listCommunityChoices, peopleKeys, staffAdminKeys } from '../../../services/people'
import { getCommunityStaff, inviteStaff, revokeStaff } from '../../../services/staff/people'
import { formatDateTime } from '../../../utils/format'
import { goToLogin } from '../../../utils/navigation'
import './index.scss'

const NOTE_MAX = 40

/** 工作人员管理: the admin invites staff to a community (they accept with their own WeChat) and revokes them. */
export default function StaffAdminPage() {
  const me = useMe()
  const [invite, setInvite] = useState<StaffInvite | null>(null)
  useShareAppMessage(() => (invite ? { title: '邀请您成为社区工作人员（家门口）', path: `/${invite.path}` } : { title: '家门口', path: '/pages/index/index' }))
  return (
    <PageShell>
      <QueryView query={me} onLogin={goToLogin}>
        {(profile) =>
          profile.roles.includes('admin') ? (
            <StaffAdmin invite={invite} onInvited={setInvite} />
          ) : (
            <EmptyState title='仅限管理员使用' description='社区工作人员由区级管理员邀请和取消' />
          )
        }
      </QueryView>
    </PageShell>
  )
}

function StaffAdmin({ invite, onInvited }: { invite: StaffInvite | null; onInvited: (i: StaffInvite | null) => void }) {
  const communities = useQuery({ queryKey: peopleKeys.communities(null), queryFn: () => listCommunityChoices(null) })
  const [chosen, setChosen] = useState<number | null>(null)
  return (
    <QueryView query={communities} isEmpty={(items) => items.length === 0} empty={<EmptyState title='还没有社区' />}>
      {(items) => {
        const community = items.find((c) => c.id === chosen) ?? items[0]!
        return (
          <View>
            <View className='field__label'>社区</View>
            <ChoiceButtons
              className='staff-admin__communities'
              options={items.map((c) => ({ value: c.id, label: c.name }))}
              value={community.id}
              onChange={(id) => {
                setChosen(id)
                onInvited(null)
              }}
            />
            <CommunityStaffView communityId={community.id} invite={invite?.communityId === community.id ? invite : null} onInvited={onInvited} />
          </View>
        )
      }}
    </QueryView>
  )
}

function CommunityStaffView({ communityId, invite, onInvited }: { communityId: number; invite: StaffInvite | null; onInvited: (i: StaffInvite) => void }) {
  const queryClient = useQueryClient()
  const staff = useQuery({ queryKey: staffAdminKeys.community(communityId), queryFn: () => getCommunityStaff(communityId) })
  usePullRefresh(() => staff.refetch())
  const [note, setNote] = useState('')
  const create = useIdempotentMutation({
    mutationFn: (n: string, key) => inviteStaff({ communityId, note: n }, key),
    action: (n) => `invite:${communityId}:${n}`,
    onSuccess: (made) => {
      onInvited(made)
      setNote('')
    },
    invalidate: [staffAdminKeys.community(communityId)],
  })
  const revoke = useIdempotentMutation({
    mutationFn: (userId: number, key) => revokeStaff(communityId, userId, key),
    action: (userId) => `revoke:${communityId}:${userId}`,
    onSuccess: (after) => {
      queryClient.setQueryData<CommunityStaff>(staffAdminKeys.community(communityId), after)
      void Taro.showToast({ title: '已取消工作人员身份', icon: 'none', duration: 2500 })
    },
    onError: (err) => void Taro.showToast({ title: err instanceof ApiError ? err.message : NETWORK_ERROR_MESSAGE, icon: 'none', duration: 3000 }),
  })
  const askRevoke = async (name: string, userId: number) => {
    const answer = await Taro.showModal({ title: '取消工作人员身份', content: `${name}将不能再处理这个社区的事务。`, confirmText: '取消身份', cancelText: '再想想' })
    if (answer.confirm) revoke.mutate(userId)
  }

  return (
    <QueryView query={staff}>
      {(data) => (
        <View>
          <View className='section-title'>{data.communityName}的工作人员（{data.staff.length}人）</View>
          {data.staff.length === 0 ? (
            <View className='card muted'>还没有工作人员，请在下面邀请。</View>
          ) : (
            <View className='card staff-admin__list'>
              {data.staff.map((m) => (
                <View key={m.userId} className='staff-admin__member'>
                  <View className='staff-admin__who'>
                    <View className='staff-admin__name'>{m.name}</View>
                    <View className='muted'>{[m.phoneMasked, `${formatDateTime(m.grantedAt)}加入`].filter(Boolean).join(' · ')}</View>
                  </View>
                  <Button size='small' className='tap-target staff-admin__revoke' disabled={revoke.isPending} onClick={() => void askRevoke(m.name, m.userId)}>
                    取消身份
                  </Button>
                </View>
              ))}
            </View>
          )}

          <View className='card staff-admin__invite'>
            <View className='staff-admin__title'>邀请工作人员</View>
            <View className='muted'>把邀请发给对方，对方用自己的微信打开并接受后，即成为本社区的工作人员。邀请7天内有效，只能用一次。</View>
            {invite ? (
              <InviteShare path={invite.path} note={`${invite.note ? `给${invite.note}的邀请` : '邀请'}已生成，${formatDateTime(invite.expiresAt)}前有效`} shareText='发送邀请' />
            ) : (
              <>
                <View className='field__label'>发给谁（可不填）</View>
                <TextField value={note} placeholder='例如：第三网格网格员 王芳' label='发给谁' maxLength={NOTE_MAX + 10} onChange={setNote} />
                {note.trim().length > NOTE_MAX ? <View className='form-error'>最多{NOTE_MAX}个字</View> : null}
                {create.isError ? <View className='form-error'>{create.error instanceof ApiError ? create.error.message : NETWORK_ERROR_MESSAGE}</View> : null}
                <Button type='primary' block className='tap-target staff-admin__create' disabled={create.isPending || note.trim().length > NOTE_MAX} onClick={() => create.mutate(note.trim())}>
                  {create.isPending ? '正在生成邀请…' : '生成邀请'}
                </Button>
              </>
            )}
          </View>

          {data.invites.length ? (
            <>
              <View className='section-title'>未接受的邀请</View>
              <View className='card'>
                {data.invites.map((i) => (
                  <View key={i.code} className='staff-admin__pending muted'>
                    {i.note || '未注明'} · {formatDateTime(i.expiresAt)}前有效
                  </View>
                ))}
              </View>
            </>
          ) : null}
        </View>
      )}
    </QueryView>
  )
}
