import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { HOUSEHOLD_RELATIONSHIP_LABELS, HOUSEHOLD_RELATIONSHIPS, type HouseholdRelationship } from '../../../../types/api/labels'
import type { AcceptHouseholdInviteRequest, HouseholdInvitePreview } from '../../../../types/api/people'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { PhoneField, phoneBody, phoneProblem, type PhoneValue } from '../../../components/phone-field'
import { QueryView } from '../../../components/query-view'
import { TextField } from '../../../components/text-field'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../services/http'
import { acceptInvite, peopleKeys, previewInvite } from '../../../services/people'
import { fieldErrorsOf } from '../../../utils/field-errors'
import { formatDateTime } from '../../../utils/format'
import { goToLogin, ROUTES } from '../../../utils/navigation'
import '../../../components/form.scss'
import './index.scss'

/** 加入家庭: opened from a family member's share card, with the invitation's code. */
export default function JoinHouseholdPage() {
  const { params } = useRouter()
  const code = params.code ? decodeURIComponent(params.code) : ''
  return (
    <PageShell>
      {code ? <Join code={code} /> : <EmptyState title='邀请链接不完整' description='请让家人重新分享邀请' />}
    </PageShell>
  )
}

function Join({ code }: { code: string }) {
  const preview = useQuery({ queryKey: peopleKeys.invite(code), queryFn: () => previewInvite(code), retry: false })
  if (preview.error instanceof ApiError && ['INVITE_USED', 'INVITE_EXPIRED', 'INVITE_INVALID'].includes(preview.error.code)) {
    return <EmptyState title='邀请已失效' description={preview.error.message} />
  }
  return (
    <QueryView query={preview} onLogin={goToLogin}>
      {(invite) => <JoinForm code={code} invite={invite} />}
    </QueryView>
  )
}

type Draft = { name: string; phone: PhoneValue; relationship: HouseholdRelationship | null }
type Field = 'name' | 'phone' | 'relationship'
const FIELD_OF: Record<string, Field> = { name: 'name', phone: 'phone', phoneCode: 'phone', PHONE_CODE_INVALID: 'phone', relationship: 'relationship' }
const RELATIONSHIP_OPTIONS = HOUSEHOLD_RELATIONSHIPS.map((r) => ({ value: r, label: HOUSEHOLD_RELATIONSHIP_LABELS[r] }))

function JoinForm({ code, invite }: { code: string; invite: HouseholdInvitePreview }) {
  const queryClient = useQueryClient()
  const [draft, setDraft] = useState<Draft>({ name: '', phone: { phone: '', phoneCode: null }, relationship: null })
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }))
    setErrors((e) => ({ ...e, [key]: undefined }))
  }
  const join = useIdempotentMutation({
    mutationFn: (body: AcceptHouseholdInviteRequest, key) => acceptInvite(code, body, key),
    action: () => `join:${code}`,
    onSuccess: (joined) => {
      queryClient.setQueryData(peopleKeys.household, joined)
      // Who the account is has changed: everything is read again.
      void queryClient.invalidateQueries()
      void Taro.showToast({ title: '已加入家庭', icon: 'none', duration: 2500 })
      void Taro.redirectTo({ url: ROUTES.household })
    },
    onError: (err) => setErrors((e) => ({ ...e, ...fieldErrorsOf(err, FIELD_OF).fields })),
  })
  const other = join.isError ? (join.error instanceof ApiError ? fieldErrorsOf(join.error, FIELD_OF).other : [NETWORK_ERROR_MESSAGE]) : []
  const submit = () => {
    const found: Partial<Record<Field, string>> = {}
    const name = draft.name.trim()
    if (name.length < 2) found.name = '请填写真实姓名（至少2个字）'
    else if (name.length > 20) found.name = '姓名最多20个字'
    found.phone = phoneProblem(draft.phone) ?? undefined
    if (!draft.relationship) found.relationship = '请选择与户主的关系'
    setErrors(found)
    if (Object.values(found).some(Boolean)) return
    join.mutate({ name, ...phoneBody(draft.phone), relationship: draft.relationship! })
  }
  const error = (field: Field) => (errors[field] ? <View className={`form-error form-error--${field}`}>{errors[field]}</View> : null)

  return (
    <View className='join'>
      <View className='card join-invite'>
        <View className='join-invite__title'>{invite.inviterName}邀请您加入家庭</View>
        <View className='join-invite__where'>
          {invite.communityName} {invite.building}
        </View>
        <View className='muted'>加入后可以查看和使用家庭积分。邀请{formatDateTime(invite.expiresAt)}前有效。</View>
      </View>
      <View className='card join-fields'>
        <View className='field__label'>姓名</View>
        <TextField value={draft.name} placeholder='与户口本一致' label='姓名' maxLength={30} onChange={(v) => set('name', v)} />
        {error('name')}
        <View className='field__label'>手机号</View>
        <PhoneField value={draft.phone} onChange={(v) => set('phone', v)} />
        {error('phone')}
        <View className='field__label'>与户主关系</View>
        <ChoiceButtons options={RELATIONSHIP_OPTIONS} value={draft.relationship} onChange={(v) => set('relationship', v)} />
        {error('relationship')}
      </View>
      {other.map((m) => (
        <View key={m} className='form-error join__error'>
          {m}
        </View>
      ))}
      <Button type='primary' block className='tap-target join__submit' disabled={join.isPending} onClick={submit}>
        {join.isPending ? '正在加入…' : '加入家庭'}
      </Button>
    </View>
  )
}
