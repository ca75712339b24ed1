import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { AVAILABILITY_LABELS, AVAILABILITY_SLOTS, VOLUNTEER_SKILL_LABELS, VOLUNTEER_SKILLS, type AvailabilitySlot, type VolunteerSkill } from '../../../../types/api/labels'
import type { RegisterVolunteerRequest, VolunteerProfile } from '../../../../types/api/volunteer'
import { PageShell } from '../../../components/page-shell'
import { PhoneField, phoneBody, phoneProblem, type PhoneValue } from '../../../components/phone-field'
import { QueryView } from '../../../components/query-view'
import { TextField } from '../../../components/text-field'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { authKeys } from '../../../services/auth'
import { ApiError } from '../../../services/http'
import { activityKeys, getVolunteerProfile, registerVolunteer, volunteerKeys } from '../../../services/volunteer'
import { fieldErrorsOf } from '../../../utils/field-errors'
import { formatDateTime } from '../../../utils/format'
import { goToLogin, ROUTES } from '../../../utils/navigation'
import { MultiChoice, TickBox } from '../parts'
import { CONSENT_SECTIONS, CONSENT_TITLE } from './consent'
import '../../../components/form.scss'
import '../volunteer.scss'
import './index.scss'

type Draft = {
  realName: string
  phone: PhoneValue
  skills: VolunteerSkill[]
  availability: AvailabilitySlot[]
  consent: boolean
}
type Field = 'realName' | 'phone' | 'skills' | 'availability' | 'consent'
type FieldErrors = Partial<Record<Field, string>>

const SKILL_OPTIONS = VOLUNTEER_SKILLS.map((s) => ({ value: s, label: VOLUNTEER_SKILL_LABELS[s] }))
const AVAILABILITY_OPTIONS = AVAILABILITY_SLOTS.map((s) => ({ value: s, label: AVAILABILITY_LABELS[s] }))
const CONSENT_REQUIRED = `请阅读并同意${CONSENT_TITLE}`

/** Where the server's messages about the request are shown. */
const FIELD_OF: Record<string, Field> = {
  realName: 'realName',
  phone: 'phone',
  phoneCode: 'phone',
  skills: 'skills',
  availability: 'availability',
  consent: 'consent',
  PHONE_CODE_INVALID: 'phone',
}

/** The contract's rules (ZRegisterVolunteerRequest), checked before sending so each field says what is wrong. */
function validate(d: Draft): FieldErrors {
  const e: FieldErrors = {}
  const name = d.realName.trim()
  if (name.length < 2) e.realName = '请填写真实姓名'
  else if (name.length > 20) e.realName = '姓名最多20个字'
  e.phone = phoneProblem(d.phone) ?? undefined
  if (d.skills.length === 0) e.skills = '请至少选择一项服务技能'
  if (d.availability.length === 0) e.availability = '请选择您方便的服务时间'
  if (!d.consent) e.consent = CONSENT_REQUIRED
  return e
}

function bodyOf(d: Draft): RegisterVolunteerRequest {
  return {
    realName: d.realName.trim(),
    ...phoneBody(d.phone),
    skills: d.skills,
    availability: d.availability,
    consent: true,
  }
}

/** 志愿者注册, and later 修改登记信息 with the registration filled in. */
export default function VolunteerRegisterPage() {
  const profile = useQuery({ queryKey: volunteerKeys.profile, queryFn: getVolunteerProfile })
  return (
    <PageShell>
      <QueryView query={profile} onLogin={goToLogin} skeletonRows={8}>
        {(p) => <RegisterForm profile={p} />}
      </QueryView>
    </PageShell>
  )
}

function RegisterForm({ profile }: { profile: VolunteerProfile }) {
  const queryClient = useQueryClient()
  const editing = profile.registered
  const [draft, setDraft] = useState<Draft>(() => ({
    realName: profile.realName ?? '',
    phone: { phone: profile.phone ?? '', phoneCode: null },
    skills: profile.skills,
    availability: profile.availability,
    // Agreeing is asked every time the registration is sent: the server records the text's version with it.
    consent: false,
  }))
  const [errors, setErrors] = useState<FieldErrors>({})
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }))
    setErrors((e) => ({ ...e, [key]: undefined }))
  }

  const save = useIdempotentMutation({
    mutationFn: (body: RegisterVolunteerRequest, key) => registerVolunteer(body, key),
    onSuccess: (saved) => {
      queryClient.setQueryData(volunteerKeys.profile, saved)
      void queryClient.invalidateQueries({ queryKey: volunteerKeys.all, predicate: (q) => q.queryKey[1] !== 'profile' })
      // Registered: the activities are read again (报名 now goes through), and 我的 shows the volunteer role.
      void queryClient.invalidateQueries({ queryKey: activityKeys.all })
      void queryClient.invalidateQueries({ queryKey: authKeys.me })
      void Taro.showToast({ title: editing ? '登记信息已保存' : '注册成功，欢迎加入志愿者队伍', icon: 'none', duration: 2500 })
      // Back to where the user came from (an activity to sign up for, 我的志愿); 我的志愿 when there is nothing.
      void Taro.navigateBack().catch(() => Taro.redirectTo({ url: ROUTES.volunteerMine }))
    },
    onError: (err) => {
      // A phone code works once and for minutes only: after WeChat refused it (PHONE_CODE_INVALID) or could not be
      // asked (WECHAT_UNAVAILABLE) a new one is needed, or the number typed.
      if (draft.phone.phoneCode && err instanceof ApiError && (err.code === 'PHONE_CODE_INVALID' || err.code === 'WECHAT_UNAVAILABLE')) {
        setDraft((d) => ({ ...d, phone: { ...d.phone, phoneCode: null } }))
        setErrors((e) => ({ ...e, phone: err.code === 'PHONE_CODE_INVALID' ? err.message : '微信手机号获取失败，请重新获取或手动填写' }))
        return
      }
      setErrors((e) => ({ ...e, ...fieldErrorsOf(err, FIELD_OF).fields }))
    },
  })
  // WeChat's own failures are said on the phone field (onError), not again above the button.
  const other = save.isError && !(save.error instanceof ApiError && save.error.code === 'WECHAT_UNAVAILABLE') ? fieldErrorsOf(save.error, FIELD_OF).other : []

  const submit = () => {
    const found = validate(draft)
    setErrors(found)
    if (Object.values(found).some(Boolean)) return
    save.mutate(bodyOf(draft))
  }
  const error = (field: Field) => (errors[field] ? <View className={`form-error form-error--${field}`}>{errors[field]}</View> : null)

  return (
    <View className='volunteer-register'>
      <View className='card volunteer-register__intro'>
        <View>{editing ? '修改您的志愿者登记信息。' : '注册成为志愿者，报名参加社区志愿活动，累计服务时长、星级和积分，还可以开具志愿服务证明。'}</View>
        <View className='muted'>请填写真实信息：志愿服务记录和证明依据这些信息出具。</View>
      </View>

      <View className='card volunteer-register__fields'>
        <View className='field__label'>真实姓名</View>
        <TextField value={draft.realName} placeholder='与身份证一致' label='真实姓名' maxLength={30} onChange={(v) => set('realName', v)} />
        {error('realName')}

        <View className='field__label'>手机号</View>
        <PhoneField value={draft.phone} onChange={(v) => set('phone', v)} />
        {error('phone')}

        <View className='field__label'>服务技能（可多选）</View>
        <MultiChoice className='volunteer-register__skills' options={SKILL_OPTIONS} value={draft.skills} onChange={(v) => set('skills', v)} />
        {error('skills')}

        <View className='field__label'>方便服务的时间（可多选）</View>
        <MultiChoice className='volunteer-register__availability' options={AVAILABILITY_OPTIONS} value={draft.availability} onChange={(v) => set('availability', v)} />
        {error('availability')}
      </View>

      <View className='card volunteer-consent'>
        <View className='volunteer-consent__title'>{CONSENT_TITLE}</View>
        {CONSENT_SECTIONS.map((s) => (
          <View key={s.heading} className='volunteer-consent__section'>
            <View className='volunteer-consent__heading'>{s.heading}</View>
            <View className='volunteer-consent__body'>{s.body}</View>
          </View>
        ))}
        {editing && profile.consentedAt ? (
          <View className='muted'>
            您已于{formatDateTime(profile.consentedAt)}同意{profile.consentVersion ? `（版本${profile.consentVersion}）` : ''}；保存修改需再次确认。
          </View>
        ) : null}
        <TickBox className='volunteer-consent__tick' checked={draft.consent} onChange={(v) => set('consent', v)}>
          {`我已阅读并同意${CONSENT_TITLE}`}
        </TickBox>
        {error('consent')}
      </View>

      {other.map((message) => (
        <View key={message} className='volunteer-notice volunteer-register__error'>
          {message}
        </View>
      ))}
      <Button type='primary' block className='tap-target volunteer-register__submit' disabled={save.isPending} onClick={submit}>
        {save.isPending ? '正在提交…' : editing ? '保存修改' : '注册志愿者'}
      </Button>
    </View>
  )
}
