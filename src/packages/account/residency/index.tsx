import { useMemo, useState } from 'react'
import Taro from '@tarojs/taro'
import { Picker, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { HOUSEHOLD_RELATIONSHIP_LABELS, HOUSEHOLD_RELATIONSHIPS, RESIDENCY_STATUS_LABELS, type HouseholdRelationship } from '../../../../types/api/labels'
import type { Me } from '../../../../types/api/me'
import type { AddressBook, ResidencyApplication, ResidencyApplicationRequest } from '../../../../types/api/people'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { CommunityChoices } from '../../../components/community-choices'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { PhoneField, phoneBody, phoneProblem, type PhoneValue } from '../../../components/phone-field'
import { QueryView } from '../../../components/query-view'
import { TextField } from '../../../components/text-field'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { useMe } from '../../../hooks/use-me'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { useReminderSubscription } from '../../../hooks/use-reminder-subscription'
import { authKeys } from '../../../services/auth'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../services/http'
import { applyForResidency, getAddressBook, getMyResidency, peopleKeys, withdrawResidency } from '../../../services/people'
import { chinaNow } from '../../../utils/clock'
import { fieldErrorsOf } from '../../../utils/field-errors'
import { formatDateTime } from '../../../utils/format'
import { goTo, goToLogin, ROUTES } from '../../../utils/navigation'
import '../../../components/form.scss'
import './index.scss'

/*
 * 住户认证: a resident asks to be recognised at their address (the community's own buildings), staff of the
 * community check it against their 台账, and the answer comes here (and as a 订阅消息).
 */

export default function ResidencyPage() {
  const me = useMe()
  const application = useQuery({ queryKey: peopleKeys.residency, queryFn: getMyResidency })
  usePullRefresh(() => Promise.all([me.refetch(), application.refetch()]))
  return (
    <PageShell>
      <QueryView query={me} onLogin={goToLogin}>
        {(profile) => (
          <QueryView query={application} skeletonRows={6}>
            {(latest) => <Residency me={profile} latest={latest} />}
          </QueryView>
        )}
      </QueryView>
    </PageShell>
  )
}

function Residency({ me, latest }: { me: Me; latest: ResidencyApplication | null }) {
  const [reapplying, setReapplying] = useState(false)
  if (latest?.status === 'pending') return <Pending application={latest} />
  // A verified resident applies again only to move house.
  if (me.household && !reapplying) {
    return (
      <View>
        <View className='card residency-done'>
          <View className='residency-done__title'>您已完成住户认证</View>
          <View className='residency-done__address'>{me.household.address}</View>
          <View className='muted'>家庭成员{me.household.memberCount}人，积分以家庭为单位累计。</View>
        </View>
        <Button type='primary' block className='tap-target' onClick={() => goTo(ROUTES.household)}>
          我的家庭
        </Button>
        <Button block className='tap-target residency-move' onClick={() => setReapplying(true)}>
          搬家了，重新认证住址
        </Button>
      </View>
    )
  }
  if (!me.community) return <ChooseCommunityFirst />
  return (
    <View>
      {latest?.status === 'rejected' ? (
        <View className='card residency-rejected'>
          <View className='residency-rejected__title'>上次申请未通过</View>
          <View>原因：{latest.rejectReason}</View>
          <View className='muted'>请核对后重新提交，或到社区党群服务中心咨询。</View>
        </View>
      ) : null}
      <ApplicationForm communityId={me.community.id} communityName={me.community.name} previous={latest} moving={Boolean(me.household)} />
    </View>
  )
}

function ChooseCommunityFirst() {
  const queryClient = useQueryClient()
  return (
    <View>
      <View className='card muted'>住户认证前，请先选择您居住的社区。</View>
      <CommunityChoices onChosen={() => void queryClient.invalidateQueries({ queryKey: authKeys.me })} />
    </View>
  )
}

function Pending({ application: a }: { application: ResidencyApplication }) {
  const queryClient = useQueryClient()
  const withdraw = useIdempotentMutation({
    mutationFn: (_vars, key) => withdrawResidency(a.id, key),
    action: () => `withdraw:${a.id}`,
    onSuccess: (withdrawn) => {
      queryClient.setQueryData(peopleKeys.residency, withdrawn)
      void Taro.showToast({ title: '已撤回申请', icon: 'none', duration: 2000 })
    },
    onError: (err) => {
      void Taro.showToast({ title: err instanceof ApiError ? err.message : NETWORK_ERROR_MESSAGE, icon: 'none', duration: 3000 })
      void queryClient.invalidateQueries({ queryKey: peopleKeys.residency })
    },
  })
  const askWithdraw = async () => {
    const answer = await Taro.showModal({ title: '撤回申请', content: '撤回后社区不再审核这份申请，可以修改后重新提交。', confirmText: '撤回', cancelText: '再想想' })
    if (answer.confirm) withdraw.mutate()
  }
  return (
    <View>
      <View className='card residency-status'>
        <View className='residency-status__head'>
          <View className='residency-status__title'>住户认证</View>
          <View className={`residency-tag residency-tag--${a.status}`}>{RESIDENCY_STATUS_LABELS[a.status]}</View>
        </View>
        <Fact label='社区'>{a.communityName}</Fact>
        <Fact label='住址'>{a.address}</Fact>
        <Fact label='姓名'>{a.name}</Fact>
        <Fact label='手机号'>{a.phone}</Fact>
        <Fact label='与户主关系'>{HOUSEHOLD_RELATIONSHIP_LABELS[a.relationship]}</Fact>
        <Fact label='提交时间'>{formatDateTime(a.createdAt)}</Fact>
        <View className='residency-hint'>社区工作人员会核对台账后审核，结果会显示在这里，并通过微信通知您。</View>
      </View>
      {a.actions.includes('withdraw') ? (
        <Button block className='tap-target residency-withdraw' disabled={withdraw.isPending} onClick={() => void askWithdraw()}>
          {withdraw.isPending ? '正在撤回…' : '撤回申请'}
        </Button>
      ) : null}
    </View>
  )
}

function Fact({ label, children }: { label: string; children: string }) {
  return (
    <View className='residency-fact'>
      <View className='residency-fact__label'>{label}</View>
      <View className='residency-fact__value'>{children}</View>
    </View>
  )
}

/* ----------------------------------------------------------------- the form */

type Draft = {
  buildingId: number | null
  unitNo: string
  roomNo: string
  name: string
  phone: PhoneValue
  relationship: HouseholdRelationship | null
  birthYear: string
}
type Field = 'address' | 'name' | 'phone' | 'relationship' | 'birthYear'
type FieldErrors = Partial<Record<Field, string>>

const FIELD_OF: Record<string, Field> = {
  buildingId: 'address',
  unitNo: 'address',
  roomNo: 'address',
  name: 'name',
  phone: 'phone',
  phoneCode: 'phone',
  PHONE_CODE_INVALID: 'phone',
  relationship: 'relationship',
  birthYear: 'birthYear',
  ALREADY_RESIDENT: 'address',
}
const RELATIONSHIP_OPTIONS = HOUSEHOLD_RELATIONSHIPS.map((r) => ({ value: r, label: HOUSEHOLD_RELATIONSHIP_LABELS[r] }))

/** The contract's rules (ZResidencyApplicationRequest), checked before sending so each field says what is wrong. */
function validate(d: Draft, thisYear: number): FieldErrors {
  const e: FieldErrors = {}
  if (d.buildingId === null) e.address = '请选择楼栋'
  else if (!d.unitNo.trim()) e.address = '请选择单元'
  else if (!d.roomNo.trim()) e.address = '请选择或填写门牌号'
  const name = d.name.trim()
  if (name.length < 2) e.name = '请填写真实姓名（至少2个字）'
  else if (name.length > 20) e.name = '姓名最多20个字'
  const phone = phoneProblem(d.phone)
  if (phone) e.phone = phone
  if (!d.relationship) e.relationship = '请选择与户主的关系'
  if (d.birthYear.trim() && !(/^\d{4}$/.test(d.birthYear.trim()) && Number(d.birthYear) >= 1900 && Number(d.birthYear) <= thisYear)) e.birthYear = '请填写4位出生年份，如1958'
  return e
}

function ApplicationForm({ communityId, communityName, previous, moving }: { communityId: number; communityName: string; previous: ResidencyApplication | null; moving: boolean }) {
  const book = useQuery({ queryKey: peopleKeys.addressBook(communityId), queryFn: () => getAddressBook(communityId) })
  return (
    <QueryView query={book} skeletonRows={6} isEmpty={(b) => b.buildings.length === 0} empty={<EmptyState title='这个社区还没有录入楼栋' description='请到社区党群服务中心办理住户认证' />}>
      {(b) => <Form book={b} communityName={communityName} previous={previous} moving={moving} />}
    </QueryView>
  )
}

function Form({ book, communityName, previous, moving }: { book: AddressBook; communityName: string; previous: ResidencyApplication | null; moving: boolean }) {
  const queryClient = useQueryClient()
  const askForReminders = useReminderSubscription('residency_applied')
  const [draft, setDraft] = useState<Draft>(() => ({
    buildingId: null,
    unitNo: '',
    roomNo: '',
    name: previous?.name ?? '',
    phone: { phone: '', phoneCode: null },
    relationship: previous?.relationship ?? null,
    birthYear: previous?.birthYear ? String(previous.birthYear) : '',
  }))
  const [errors, setErrors] = useState<FieldErrors>({})
  // 门牌 not in the 台账 (a new flat, or one it missed): typed instead of picked.
  const [typingRoom, setTypingRoom] = useState(false)
  const set = <K extends keyof Draft>(key: K, value: Draft[K], field: Field) => {
    setDraft((d) => ({ ...d, [key]: value }))
    setErrors((e) => ({ ...e, [field]: undefined }))
  }
  const building = book.buildings.find((b) => b.id === draft.buildingId) ?? null
  const unit = building?.units.find((u) => u.unitNo === draft.unitNo) ?? null
  const buildingLabels = useMemo(() => book.buildings.map((b) => `${b.estate} ${b.name}（${b.gridName}）`), [book])

  const submit = useIdempotentMutation({
    mutationFn: (body: ResidencyApplicationRequest, key) => applyForResidency(body, key),
    onSuccess: (sent) => {
      queryClient.setQueryData(peopleKeys.residency, sent)
      // The account now belongs to the community it applied in: 首页 and 我的 show it.
      void queryClient.invalidateQueries({ queryKey: authKeys.me })
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
  const other = submit.isError && !(submit.error instanceof ApiError && submit.error.code === 'WECHAT_UNAVAILABLE') ? fieldErrorsOf(submit.error, FIELD_OF).other : []

  const send = () => {
    // First, in the tap itself: WeChat asks for 订阅消息 only from a user's gesture.
    askForReminders()
    const found = validate(draft, chinaNow().year())
    setErrors(found)
    if (Object.values(found).some(Boolean)) return
    submit.mutate({
      communityId: book.communityId,
      buildingId: draft.buildingId!,
      unitNo: draft.unitNo.trim(),
      roomNo: draft.roomNo.trim(),
      name: draft.name.trim(),
      ...phoneBody(draft.phone),
      relationship: draft.relationship!,
      ...(draft.birthYear.trim() ? { birthYear: Number(draft.birthYear) } : {}),
    })
  }
  const error = (field: Field) => (errors[field] ? <View className={`form-error form-error--${field}`}>{errors[field]}</View> : null)

  return (
    <View className='residency-form'>
      <View className='card residency-intro'>
        <View>{moving ? '搬家后重新认证住址：通过后您会加入新住址的家庭，原家庭的积分留在原家庭。' : '完成住户认证后，可以查看和使用家庭积分、报名志愿服务、认领心愿。'}</View>
        <View className='muted'>社区工作人员会与社区台账核对，请填写真实信息。</View>
      </View>

      <View className='card residency-form__fields'>
        <View className='field__label'>所在社区</View>
        <View className='residency-form__community'>{communityName}</View>

        <View className='field__label'>楼栋</View>
        <Picker mode='selector' range={buildingLabels} value={Math.max(0, book.buildings.findIndex((b) => b.id === draft.buildingId))} onChange={(e) => {
          const picked = book.buildings[Number(e.detail.value)]
          if (!picked) return
          setDraft((d) => ({ ...d, buildingId: picked.id, unitNo: '', roomNo: '' }))
          setTypingRoom(false)
          setErrors((x) => ({ ...x, address: undefined }))
        }}>
          <View className='residency-form__pick tap-target' ariaLabel='楼栋'>
            {building ? `${building.estate} ${building.name}` : '请选择楼栋'}
          </View>
        </Picker>

        {building ? (
          <>
            <View className='field__label'>单元</View>
            <ChoiceButtons
              className='residency-form__units'
              options={building.units.map((u) => ({ value: u.unitNo, label: u.unitNo }))}
              value={draft.unitNo || null}
              onChange={(unitNo) => {
                setDraft((d) => ({ ...d, unitNo, roomNo: '' }))
                setTypingRoom(false)
                setErrors((x) => ({ ...x, address: undefined }))
              }}
            />
          </>
        ) : null}

        {unit || typingRoom ? (
          <>
            <View className='field__label'>门牌号</View>
            {typingRoom ? (
              <View className='residency-form__typed'>
                {building && !unit ? <TextField value={draft.unitNo} placeholder='单元，如3单元' label='单元' maxLength={20} onChange={(v) => set('unitNo', v, 'address')} /> : null}
                <TextField value={draft.roomNo} placeholder='门牌号，如502' label='门牌号' maxLength={20} onChange={(v) => set('roomNo', v, 'address')} />
              </View>
            ) : (
              <ChoiceButtons className='residency-form__rooms' options={unit!.roomNos.map((r) => ({ value: r, label: r }))} value={draft.roomNo || null} onChange={(v) => set('roomNo', v, 'address')} />
            )}
          </>
        ) : null}
        {building && !typingRoom ? (
          <View className='residency-form__not-listed tap-target' onClick={() => {
            setTypingRoom(true)
            setDraft((d) => ({ ...d, roomNo: '' }))
          }}>
            列表里没有我家？手动填写单元和门牌号 ›
          </View>
        ) : null}
        {error('address')}

        <View className='field__label'>姓名</View>
        <TextField value={draft.name} placeholder='与户口本一致' label='姓名' maxLength={30} onChange={(v) => set('name', v, 'name')} />
        {error('name')}

        <View className='field__label'>手机号</View>
        <PhoneField value={draft.phone} onChange={(v) => set('phone', v, 'phone')} />
        {error('phone')}

        <View className='field__label'>与户主关系</View>
        <ChoiceButtons className='residency-form__relationship' options={RELATIONSHIP_OPTIONS} value={draft.relationship} onChange={(v) => set('relationship', v, 'relationship')} />
        {error('relationship')}

        <View className='field__label'>出生年份（可不填）</View>
        <TextField type='number' value={draft.birthYear} placeholder='如1958' label='出生年份' maxLength={4} onChange={(v) => set('birthYear', v, 'birthYear')} />
        {error('birthYear')}
      </View>

      {other.map((message) => (
        <View key={message} className='form-error residency-form__error'>
          {message}
        </View>
      ))}
      <Button type='primary' block className='tap-target residency-form__submit' disabled={submit.isPending} onClick={send}>
        {submit.isPending ? '正在提交…' : '提交认证申请'}
      </Button>
    </View>
  )
}
