import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { UnitInvitePreview } from '../../../../types/api/dual-reporting'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { TextField } from '../../../components/text-field'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { useMe } from '../../../hooks/use-me'
import { acceptUnitInvite, dualReportingKeys, previewUnitInvite } from '../../../services/dual-reporting'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../services/http'
import { fieldErrorsOf } from '../../../utils/field-errors'
import { formatDateTime } from '../../../utils/format'
import { goTo, goToLogin, ROUTES } from '../../../utils/navigation'
import '../../../components/form.scss'
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
  const me = useMe()
  if (preview.error instanceof ApiError && DEAD_INVITE.includes(preview.error.code)) {
    return <EmptyState title='邀请已失效' description={preview.error.message} />
  }
  return (
    <QueryView query={preview} onLogin={goToLogin}>
      {(invite) => <Invitation key={me.data?.id ?? 0} code={code} invite={invite} knownName={me.data?.household ? me.data.name : ''} />}
    </QueryView>
  )
}

const NAME_MIN = 2
const NAME_MAX = 20

/** `knownName`: a verified resident's own name, offered as the name to go by in the unit. */
function Invitation({ code, invite, knownName }: { code: string; invite: UnitInvitePreview; knownName: string }) {
  const queryClient = useQueryClient()
  const [name, setName] = useState(knownName)
  const [nameError, setNameError] = useState<string | null>(null)
  const join = useIdempotentMutation({
    mutationFn: (n: string, key) => acceptUnitInvite(code, { name: n }, key),
    action: () => `join:${code}`,
    onSuccess: (joined) => {
      // Who the account is has changed (its unit, its roles): everything is read again.
      void queryClient.invalidateQueries()
      queryClient.setQueryData(dualReportingKeys.myUnit, joined)
      void Taro.showToast({ title: `已加入${invite.unitName}`, icon: 'none', duration: 2500 })
      void Taro.redirectTo({ url: ROUTES.unit })
    },
  })
  const fields = join.isError ? fieldErrorsOf(join.error, { name: 'name' }) : { fields: {}, other: [] }
  const error = join.isError ? (join.error instanceof ApiError ? (fields.other[0] ?? null) : NETWORK_ERROR_MESSAGE) : null
  const submit = () => {
    const n = name.trim()
    const problem = n.length < NAME_MIN ? `请填写您的姓名（至少${NAME_MIN}个字）` : n.length > NAME_MAX ? `姓名最多${NAME_MAX}个字` : null
    setNameError(problem)
    if (!problem) join.mutate(n)
  }
  const shownNameError = nameError ?? fields.fields.name ?? null
  const alreadyIn = join.error instanceof ApiError && join.error.code === 'ALREADY_IN_UNIT'

  return (
    <View className='unit-join'>
      <View className='card unit-join__invite'>
        <View className='unit-join__title'>{invite.inviterName}邀请您加入驻区单位</View>
        <View className='unit-join__unit'>{invite.unitName}</View>
        <View>报到社区：{invite.communityName}</View>
        <View className='muted'>加入后可以以单位名义认领微心愿，您参加志愿活动的服务计入单位。邀请{formatDateTime(invite.expiresAt)}前有效。</View>
      </View>
      {alreadyIn ? null : (
        <View className='card unit-join__fields'>
          <View className='field__label'>您的姓名</View>
          <TextField value={name} placeholder='单位同事看到的姓名' label='您的姓名' maxLength={NAME_MAX + 10} onChange={(v) => { setName(v); setNameError(null) }} />
          {shownNameError ? <View className='form-error form-error--name'>{shownNameError}</View> : null}
        </View>
      )}
      {error ? <View className='form-error unit-join__error'>{error}</View> : null}
      {alreadyIn ? (
        <Button block className='tap-target unit-join__mine' onClick={() => goTo(ROUTES.unit)}>
          查看我的单位
        </Button>
      ) : (
        <Button type='primary' block className='tap-target unit-join__submit' disabled={join.isPending} onClick={submit}>
          {join.isPending ? '正在加入…' : '加入单位'}
        </Button>
      )}
    </View>
  )
}
