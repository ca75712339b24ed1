import { useState } from 'react'
import Taro, { useShareAppMessage } from '@tarojs/taro'
import { Picker, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { MyUnit, Unit, UnitInvite, UnitRegistrationRequest } from '../../../../types/api/dual-reporting'
import { UNIT_MEMBER_ROLE_LABELS, UNIT_STATUS_LABELS } from '../../../../types/api/labels'
import type { Me } from '../../../../types/api/me'
import type { CommunityChoice } from '../../../../types/api/people'
import { InviteShare } from '../../../components/invite-share'
import { PageShell } from '../../../components/page-shell'
import { PhoneField, phoneBody, phoneProblem, type PhoneValue } from '../../../components/phone-field'
import { QueryView } from '../../../components/query-view'
import { TextField } from '../../../components/text-field'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { useMe } from '../../../hooks/use-me'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { useReminderSubscription } from '../../../hooks/use-reminder-subscription'
import { authKeys } from '../../../services/auth'
import { dualReportingKeys, getMyUnit, inviteToUnit, registerUnit, removeUnitMember, withdrawUnitRegistration } from '../../../services/dual-reporting'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../services/http'
import { listCommunityChoices, peopleKeys } from '../../../services/people'
import { isCreditCode } from '../../../../types/credit-code'
import { UNIT_LIMITS as L } from '../../../utils/dual-reporting'
import { fieldErrorsOf } from '../../../utils/field-errors'
import { formatDateTime } from '../../../utils/format'
import { goToLogin } from '../../../utils/navigation'
import { Fact, StatusTag, Totals } from '../dual-reporting-parts'
import '../../../components/form.scss'
import './index.scss'

/*
 * 驻区单位: a unit (school, hospital, company) registers with the community it is paired with; once staff approve,
 * whoever registered it is its admin and invites colleagues by a share card. Members claim wishes as the unit and
 * their service counts for it.
 */

/** The invitation made on this visit, with the unit it is for (the share card names it). */
type Invited = { invite: UnitInvite; unitName: string }

export default function UnitPage() {
  const me = useMe()
  const mine = useQuery({ queryKey: dualReportingKeys.myUnit, queryFn: getMyUnit })
  const [invited, setInvited] = useState<Invited | null>(null)
  usePullRefresh(() => Promise.all([me.refetch(), mine.refetch()]))
  // The share card opens the invitation (WeChat's 转发 from this page, or the 发送给同事 button).
  useShareAppMessage(() => (invited ? { title: `邀请您加入${invited.unitName}（家门口·驻区单位）`, path: `/${invited.invite.path}` } : { title: '家门口', path: '/pages/index/index' }))
  return (
    <PageShell>
      <QueryView query={me} onLogin={goToLogin}>
        {(profile) => (
          <QueryView query={mine} skeletonRows={6}>
            {(data) => <UnitView me={profile} mine={data} invited={invited} onInvited={setInvited} />}
          </QueryView>
        )}
      </QueryView>
    </PageShell>
  )
}

function UnitView({ me, mine, invited, onInvited }: { me: Me; mine: MyUnit; invited: Invited | null; onInvited: (i: Invited) => void }) {
  if (mine.unit && mine.role) return <Member me={me} mine={mine} unit={mine.unit} role={mine.role} invited={invited} onInvited={onInvited} />
  if (mine.unit?.status === 'pending') return <Pending unit={mine.unit} />
  return <Registration me={me} previous={mine.unit} />
}

function failedToast(err: unknown) {
  void Taro.showToast({ title: err instanceof ApiError ? err.message : NETWORK_ERROR_MESSAGE, icon: 'none', duration: 3000 })
}

/* ----------------------------------------------------------------- a member */

function Member({ me, mine, unit: u, role, invited, onInvited }: { me: Me; mine: MyUnit; unit: Unit; role: NonNullable<MyUnit['role']>; invited: Invited | null; onInvited: (i: Invited) => void }) {
  const queryClient = useQueryClient()
  const isAdmin = role === 'admin'
  const changed = (after: MyUnit) => {
    queryClient.setQueryData(dualReportingKeys.myUnit, after)
    // 我的 and the wish pages read the unit from the profile.
    void queryClient.invalidateQueries({ queryKey: authKeys.me })
  }
  const failed = (err: unknown) => {
    failedToast(err)
    void queryClient.invalidateQueries({ queryKey: dualReportingKeys.myUnit })
  }
  const remove = useIdempotentMutation({
    mutationFn: (userId: number, key) => removeUnitMember(userId, key),
    action: (userId) => `remove:${userId}`,
    onSuccess: (after, userId) => {
      changed(after)
      void Taro.showToast({ title: userId === me.id ? '已退出单位' : '已移出单位', icon: 'none', duration: 2500 })
    },
    onError: failed,
  })
  const askRemove = async (name: string, userId: number) => {
    const answer = await Taro.showModal({ title: '移出成员', content: `${name}将不再是${u.name}的成员，之后的服务不再计入单位。`, confirmText: '移出', cancelText: '再想想' })
    if (answer.confirm) remove.mutate(userId)
  }
  const askLeave = async () => {
    const others = mine.members.filter((m) => !m.isMe).length
    const answer = await Taro.showModal({
      title: '退出单位',
      content: `退出后不能再以${u.name}的名义认领心愿，您之后的服务不再计入单位。${isAdmin && others > 0 ? '您退出后，由其他成员接任单位管理员。' : ''}`,
      confirmText: '退出',
      cancelText: '再想想',
    })
    if (answer.confirm) remove.mutate(me.id)
  }

  return (
    <View>
      <View className='card dual-card unit-card'>
        <View className='dual-card__head'>
          <View className='dual-card__title unit-card__name'>{u.name}</View>
          <View className={`unit-role unit-role--${role}`}>{UNIT_MEMBER_ROLE_LABELS[role]}</View>
        </View>
        <Fact label='报到社区'>{u.communityName}</Fact>
        {u.creditCode ? <Fact label='信用代码'>{u.creditCode}</Fact> : null}
        {u.contactName || u.contactPhone ? <Fact label='联系人'>{[u.contactName, u.contactPhone].filter(Boolean).join(' ')}</Fact> : null}
        <Fact label='我的身份'>{isAdmin ? '单位管理员：可邀请和移出成员' : '单位成员'}</Fact>
      </View>

      {mine.totals ? <Totals totals={mine.totals} title='单位服务统计' hint='成员以单位名义认领的心愿、加入单位后参加的志愿活动，完成后都计入单位。' /> : null}

      <View className='section-title'>单位成员（{mine.members.length}人）</View>
      <View className='card unit-members'>
        {mine.members.map((m) => (
          <View key={m.userId} className='unit-member'>
            <View className='unit-member__main'>
              <View className='unit-member__name'>
                {m.name}
                {m.isMe ? <View className='unit-member__me'>我</View> : null}
              </View>
              <View className='muted'>
                {UNIT_MEMBER_ROLE_LABELS[m.role]} · {formatDateTime(m.joinedAt)}加入
              </View>
            </View>
            {isAdmin && !m.isMe ? (
              <Button size='small' className='tap-target unit-member__remove' disabled={remove.isPending} onClick={() => void askRemove(m.name, m.userId)}>
                移出
              </Button>
            ) : null}
          </View>
        ))}
      </View>

      {isAdmin ? <InviteCard unitName={u.name} invited={invited} onInvited={onInvited} /> : null}

      <View className='dual-actions'>
        <Button block className='tap-target unit-leave' disabled={remove.isPending} onClick={() => void askLeave()}>
          退出单位
        </Button>
      </View>
      <View className='muted unit-foot'>单位名称、联系人有变动，请联系社区工作人员。</View>
    </View>
  )
}

function InviteCard({ unitName, invited, onInvited }: { unitName: string; invited: Invited | null; onInvited: (i: Invited) => void }) {
  const create = useIdempotentMutation({
    mutationFn: (_vars, key) => inviteToUnit(key),
    onSuccess: (invite) => onInvited({ invite, unitName }),
  })
  const invite = invited?.invite ?? null
  return (
    <View className='card unit-invite'>
      <View className='unit-invite__title'>邀请同事</View>
      <View className='muted'>同事收到邀请后，点开即可加入单位，不用再到社区审核。</View>
      {invite ? (
        <InviteShare path={invite.path} note={`邀请${formatDateTime(invite.expiresAt)}前有效，可以发给多位同事`} shareText='发送给同事' />
      ) : (
        <Button type='primary' block className='tap-target unit-invite__create' disabled={create.isPending} onClick={() => create.mutate()}>
          {create.isPending ? '正在生成邀请…' : '邀请同事加入'}
        </Button>
      )}
      {create.isError ? <View className='form-error'>{create.error instanceof ApiError ? create.error.message : NETWORK_ERROR_MESSAGE}</View> : null}
    </View>
  )
}

/* ----------------------------------------------------------------- a registration waiting */

function Pending({ unit: u }: { unit: Unit }) {
  const queryClient = useQueryClient()
  const withdraw = useIdempotentMutation({
    mutationFn: (_vars, key) => withdrawUnitRegistration(u.id, key),
    action: () => `withdraw:${u.id}`,
    onSuccess: (after) => {
      queryClient.setQueryData(dualReportingKeys.myUnit, after)
      void Taro.showToast({ title: '已撤回登记', icon: 'none', duration: 2000 })
    },
    onError: (err) => {
      failedToast(err)
      void queryClient.invalidateQueries({ queryKey: dualReportingKeys.myUnit })
    },
  })
  const askWithdraw = async () => {
    const answer = await Taro.showModal({ title: '撤回登记', content: '撤回后社区不再审核这份登记，您可以修改后重新提交。', confirmText: '撤回', cancelText: '再想想' })
    if (answer.confirm) withdraw.mutate()
  }
  return (
    <View>
      <View className='card dual-card unit-status'>
        <View className='dual-card__head'>
          <View className='dual-card__title'>驻区单位报到</View>
          <StatusTag status={u.status} label={UNIT_STATUS_LABELS[u.status]} />
        </View>
        <Fact label='单位名称'>{u.name}</Fact>
        <Fact label='报到社区'>{u.communityName}</Fact>
        <Fact label='信用代码'>{u.creditCode ?? '未填写'}</Fact>
        <Fact label='联系人'>{u.contactName ?? '—'}</Fact>
        <Fact label='手机号'>{u.contactPhone ?? '—'}</Fact>
        <Fact label='提交时间'>{formatDateTime(u.createdAt)}</Fact>
        <View className='dual-hint'>社区审核通过后，您就是单位管理员，可以邀请同事加入。结果会显示在这里，并通过微信通知您。</View>
      </View>
      {u.actions.includes('withdraw') ? (
        <View className='dual-actions'>
          <Button block className='tap-target unit-withdraw' disabled={withdraw.isPending} onClick={() => void askWithdraw()}>
            {withdraw.isPending ? '正在撤回…' : '撤回登记'}
          </Button>
        </View>
      ) : null}
    </View>
  )
}

/* ----------------------------------------------------------------- registering */

function Registration({ me, previous }: { me: Me; previous: Unit | null }) {
  const communities = useQuery({ queryKey: peopleKeys.communities(null), queryFn: () => listCommunityChoices(null) })
  // The server shows the last registration only when it is not approved (a unit one left is not shown).
  const correcting = previous && (previous.status === 'rejected' || previous.status === 'withdrawn') ? previous : null
  return (
    <View>
      {previous?.status === 'rejected' ? (
        <View className='card dual-notice unit-previous'>
          <View className='dual-notice__title'>上次登记未通过</View>
          {previous.rejectReason ? <View>原因：{previous.rejectReason}</View> : null}
          <View className='muted'>请核对后重新提交，或到社区党群服务中心咨询。</View>
        </View>
      ) : null}
      <QueryView query={communities} skeletonRows={6}>
        {(items) => <RegistrationForm me={me} communities={items} previous={correcting} />}
      </QueryView>
    </View>
  )
}

type Draft = { communityId: number | null; name: string; creditCode: string; contactName: string; phone: PhoneValue }
type Field = 'community' | 'name' | 'creditCode' | 'contactName' | 'phone'
type FieldErrors = Partial<Record<Field, string>>

const FIELD_OF: Record<string, Field> = {
  communityId: 'community',
  name: 'name',
  creditCode: 'creditCode',
  contactName: 'contactName',
  phone: 'phone',
  phoneCode: 'phone',
  PHONE_CODE_INVALID: 'phone',
}

/** The contract's rules (ZUnitRegistrationRequest), checked before sending so each field says what is wrong. */
function validate(d: Draft): FieldErrors {
  const e: FieldErrors = {}
  if (d.communityId === null) e.community = '请选择单位报到的社区'
  const name = d.name.trim()
  if (name.length < L.nameMin) e.name = `请填写单位全称（至少${L.nameMin}个字）`
  else if (name.length > L.nameMax) e.name = `单位名称最多${L.nameMax}个字`
  const code = d.creditCode.trim()
  if (code && !isCreditCode(code)) e.creditCode = '统一社会信用代码不正确，请核对营业执照或登记证书上的18位代码'
  const contact = d.contactName.trim()
  if (contact.length < L.contactNameMin) e.contactName = `请填写联系人姓名（至少${L.contactNameMin}个字）`
  else if (contact.length > L.contactNameMax) e.contactName = `姓名最多${L.contactNameMax}个字`
  const phone = phoneProblem(d.phone)
  if (phone) e.phone = phone
  return e
}

function RegistrationForm({ me, communities, previous }: { me: Me; communities: CommunityChoice[]; previous: Unit | null }) {
  const queryClient = useQueryClient()
  const askForReminders = useReminderSubscription('unit_registered')
  const [draft, setDraft] = useState<Draft>(() => {
    const preferred = previous?.communityId ?? me.community?.id ?? null
    return {
      communityId: communities.some((c) => c.id === preferred) ? preferred : null,
      name: previous?.name ?? '',
      creditCode: previous?.creditCode ?? '',
      contactName: previous?.contactName ?? '',
      phone: { phone: '', phoneCode: null },
    }
  })
  const [errors, setErrors] = useState<FieldErrors>({})
  const set = <K extends keyof Draft>(key: K, value: Draft[K], field: Field) => {
    setDraft((d) => ({ ...d, [key]: value }))
    setErrors((e) => ({ ...e, [field]: undefined }))
  }
  const community = communities.find((c) => c.id === draft.communityId) ?? null

  const submit = useIdempotentMutation({
    mutationFn: (body: UnitRegistrationRequest, key) => registerUnit(body, key),
    onSuccess: (sent) => {
      queryClient.setQueryData(dualReportingKeys.myUnit, sent)
      void Taro.showToast({ title: '已提交，等待社区审核', icon: 'none', duration: 2500 })
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)
    },
    onError: (err) => {
      if (draft.phone.phoneCode && err instanceof ApiError && (err.code === 'PHONE_CODE_INVALID' || err.code === 'WECHAT_UNAVAILABLE')) {
        setDraft((d) => ({ ...d, phone: { ...d.phone, phoneCode: null } }))
        setErrors((e) => ({ ...e, phone: err.code === 'PHONE_CODE_INVALID' ? err.message : '微信手机号获取失败，请重新获取或手动填写' }))
        return
      }
      setErrors((e) => ({ ...e, ...fieldErrorsOf(err, FIELD_OF).fields }))
    },
  })
  const other =
    submit.isError && !(submit.error instanceof ApiError && submit.error.code === 'WECHAT_UNAVAILABLE')
      ? submit.error instanceof ApiError
        ? fieldErrorsOf(submit.error, FIELD_OF).other
        : [NETWORK_ERROR_MESSAGE]
      : []

  const send = () => {
    // First, in the tap itself: WeChat asks for 订阅消息 only from a user's gesture.
    askForReminders()
    const found = validate(draft)
    setErrors(found)
    if (Object.values(found).some(Boolean)) return
    const creditCode = draft.creditCode.trim()
    submit.mutate({
      communityId: draft.communityId!,
      name: draft.name.trim(),
      ...(creditCode ? { creditCode } : {}),
      contactName: draft.contactName.trim(),
      ...phoneBody(draft.phone),
    })
  }
  const error = (field: Field) => (errors[field] ? <View className={`form-error form-error--${field}`}>{errors[field]}</View> : null)

  return (
    <View className='unit-form'>
      <View className='card dual-form unit-intro'>
        <View>驻区单位向结对社区报到后，单位同事可以以单位名义认领微心愿、参加志愿活动，服务计入单位。</View>
        <View className='muted'>社区审核通过后，您就是单位管理员，可以邀请同事加入。</View>
      </View>

      <View className='card dual-form'>
        <View className='field__label'>报到社区</View>
        <Picker
          mode='selector'
          range={communities.map((c) => `${c.subdistrictName} ${c.name}`)}
          value={Math.max(0, communities.findIndex((c) => c.id === draft.communityId))}
          onChange={(e) => {
            const picked = communities[Number(e.detail.value)]
            if (picked) set('communityId', picked.id, 'community')
          }}
        >
          <View className='dual-form__pick tap-target unit-form__community' ariaLabel='报到社区'>
            {community ? `${community.subdistrictName} ${community.name}` : '请选择社区'}
          </View>
        </Picker>
        <View className='field__hint'>单位结对共建的社区，一般是单位所在地的社区。</View>
        {error('community')}

        <View className='field__label'>单位全称</View>
        <TextField value={draft.name} placeholder='与营业执照或登记证书一致' label='单位全称' maxLength={L.nameMax + 10} onChange={(v) => set('name', v, 'name')} />
        {error('name')}

        <View className='field__label'>统一社会信用代码（可不填）</View>
        <TextField
          value={draft.creditCode}
          placeholder='18位，见营业执照或登记证书'
          label='统一社会信用代码'
          maxLength={18}
          onChange={(v) => set('creditCode', v.replace(/\s/g, '').toUpperCase(), 'creditCode')}
        />
        {error('creditCode')}

        <View className='field__label'>联系人</View>
        <TextField value={draft.contactName} placeholder='联系人姓名' label='联系人' maxLength={L.contactNameMax + 10} onChange={(v) => set('contactName', v, 'contactName')} />
        {error('contactName')}

        <View className='field__label'>联系人手机号</View>
        <PhoneField value={draft.phone} onChange={(v) => set('phone', v, 'phone')} />
        {error('phone')}
      </View>

      {other.map((message) => (
        <View key={message} className='form-error dual-form__error'>
          {message}
        </View>
      ))}
      <Button type='primary' block className='tap-target unit-form__submit' disabled={submit.isPending} onClick={send}>
        {submit.isPending ? '正在提交…' : '提交单位报到'}
      </Button>
    </View>
  )
}
