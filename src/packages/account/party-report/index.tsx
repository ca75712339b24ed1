import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { MyPartyReport, PartyReport, PartyReportRequest } from '../../../../types/api/dual-reporting'
import { PARTY_REPORT_STATUS_LABELS } from '../../../../types/api/labels'
import type { Me } from '../../../../types/api/me'
import type { Upload } from '../../../../types/api/wishes'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { PhotoPicker } from '../../../components/photo-picker'
import { QueryView } from '../../../components/query-view'
import { TextField } from '../../../components/text-field'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { useMe } from '../../../hooks/use-me'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { useReminderSubscription } from '../../../hooks/use-reminder-subscription'
import { dualReportingKeys, getMyPartyReport, reportAsPartyMember, viewPartyCard, withdrawPartyReport } from '../../../services/dual-reporting'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../services/http'
import { PARTY_REPORT_LIMITS as L } from '../../../utils/dual-reporting'
import { fieldErrorsOf } from '../../../utils/field-errors'
import { formatDateTime } from '../../../utils/format'
import { goTo, goToLogin, ROUTES, WISHES_TAB } from '../../../utils/navigation'
import { Fact, StatusTag, Totals } from '../dual-reporting-parts'
import '../../../components/form.scss'
import './index.scss'

/*
 * 在职党员报到: a party member who works elsewhere reports to the community where they live (工作单位, 所在党组织,
 * optionally a photo of the 党员证 only the community's staff see); staff confirm, and from then on the wishes they
 * fulfil and the service they give count in the community's 双报到 figures.
 */

export default function PartyReportPage() {
  const me = useMe()
  const mine = useQuery({ queryKey: dualReportingKeys.myPartyReport, queryFn: getMyPartyReport })
  usePullRefresh(() => Promise.all([me.refetch(), mine.refetch()]))
  return (
    <PageShell>
      <QueryView query={me} onLogin={goToLogin}>
        {(profile) => (
          <QueryView query={mine} skeletonRows={6}>
            {(data) => <PartyReportView me={profile} mine={data} />}
          </QueryView>
        )}
      </QueryView>
    </PageShell>
  )
}

function PartyReportView({ me, mine }: { me: Me; mine: MyPartyReport }) {
  const latest = mine.report
  if (latest?.status === 'pending') return <Pending report={latest} />
  if (mine.isPartyMember) return <Reported me={me} mine={mine} />
  if (!me.household) {
    return (
      <EmptyState
        title='请先完成住户认证'
        description='在职党员向居住地社区报到：先认证您在社区的住址，再填写工作单位和所在党组织。'
        action={{ text: '去住户认证', onClick: () => goTo(ROUTES.residency) }}
      />
    )
  }
  return (
    <View>
      {latest?.status === 'rejected' || latest?.status === 'revoked' ? (
        <View className='card dual-notice party-report-previous'>
          <View className='dual-notice__title'>{latest.status === 'rejected' ? '上次报到未通过' : '您的报到已结束'}</View>
          {latest.reason ? <View>原因：{latest.reason}</View> : null}
          <View className='muted'>如有疑问，可到社区党群服务中心咨询；信息核对无误后可以重新报到。</View>
        </View>
      ) : null}
      <ReportForm communityName={me.community?.name ?? null} previous={latest} />
    </View>
  )
}

/** The photo of one's own 党员证, downloaded with the session and previewed. */
function useCardViewer() {
  return useMutation({
    mutationFn: (reportId: number) => viewPartyCard(reportId),
    onError: (err) => void Taro.showToast({ title: err instanceof ApiError ? err.message : NETWORK_ERROR_MESSAGE, icon: 'none', duration: 3000 }),
  })
}

function Pending({ report: r }: { report: PartyReport }) {
  const queryClient = useQueryClient()
  const card = useCardViewer()
  const withdraw = useIdempotentMutation({
    mutationFn: (_vars, key) => withdrawPartyReport(r.id, key),
    action: () => `withdraw:${r.id}`,
    onSuccess: (after) => {
      queryClient.setQueryData(dualReportingKeys.myPartyReport, after)
      void Taro.showToast({ title: '已撤回报到', icon: 'none', duration: 2000 })
    },
    onError: (err) => {
      void Taro.showToast({ title: err instanceof ApiError ? err.message : NETWORK_ERROR_MESSAGE, icon: 'none', duration: 3000 })
      void queryClient.invalidateQueries({ queryKey: dualReportingKeys.myPartyReport })
    },
  })
  const askWithdraw = async () => {
    const answer = await Taro.showModal({ title: '撤回报到', content: '撤回后社区不再确认这次报到，您可以修改后重新报到。', confirmText: '撤回', cancelText: '再想想' })
    if (answer.confirm) withdraw.mutate()
  }
  return (
    <View>
      <View className='card dual-card party-report-status'>
        <View className='dual-card__head'>
          <View className='dual-card__title'>在职党员报到</View>
          <StatusTag status={r.status} label={PARTY_REPORT_STATUS_LABELS[r.status]} />
        </View>
        <Fact label='报到社区'>{r.communityName}</Fact>
        <Fact label='工作单位'>{r.workplace}</Fact>
        <Fact label='所在党组织'>{r.partyOrganisation}</Fact>
        <Fact label='党员证'>
          {r.hasCard ? (
            <View className='party-report-card'>
              <View>已上传</View>
              <Button size='small' className='tap-target party-report-card__view' disabled={card.isPending} onClick={() => card.mutate(r.id)}>
                {card.isPending ? '正在打开…' : '查看'}
              </Button>
            </View>
          ) : (
            '未上传'
          )}
        </Fact>
        <Fact label='提交时间'>{formatDateTime(r.createdAt)}</Fact>
        <View className='dual-hint'>社区工作人员核对后会确认您的报到，结果会显示在这里，并通过微信通知您。</View>
      </View>
      {r.actions.includes('withdraw') ? (
        <View className='dual-actions'>
          <Button block className='tap-target party-report-withdraw' disabled={withdraw.isPending} onClick={() => void askWithdraw()}>
            {withdraw.isPending ? '正在撤回…' : '撤回报到'}
          </Button>
        </View>
      ) : null}
    </View>
  )
}

/** In force: a report the community confirmed, or the 党员 role the district set up before reports existed. */
function Reported({ me, mine }: { me: Me; mine: MyPartyReport }) {
  const r = mine.report?.status === 'approved' ? mine.report : null
  const community = r?.communityName ?? me.community?.name ?? null
  return (
    <View>
      <View className='card dual-card party-report-done'>
        <View className='dual-card__head'>
          <View className='dual-card__title'>{community ? `已向${community}报到` : '已报到'}</View>
          <StatusTag status='approved' label={PARTY_REPORT_STATUS_LABELS.approved} />
        </View>
        {r ? (
          <>
            <Fact label='工作单位'>{r.workplace}</Fact>
            <Fact label='所在党组织'>{r.partyOrganisation}</Fact>
            {r.decidedAt ? <Fact label='确认时间'>{formatDateTime(r.decidedAt)}</Fact> : null}
          </>
        ) : (
          <View className='muted'>您的党员身份已由社区登记。</View>
        )}
      </View>
      {mine.totals ? <Totals totals={mine.totals} title='我的服务' hint='认领心愿、参加志愿活动，完成后都会计入这里。' /> : null}
      <View className='dual-actions'>
        <Button type='primary' block className='tap-target' onClick={() => void Taro.switchTab({ url: WISHES_TAB })}>
          去认领心愿
        </Button>
        <Button block className='tap-target' onClick={() => void Taro.switchTab({ url: '/pages/activities/index' })}>
          参加志愿活动
        </Button>
      </View>
      <View className='muted party-report-foot'>工作单位或组织关系有变动，请联系社区工作人员。</View>
    </View>
  )
}

/* ----------------------------------------------------------------- the form */

type Draft = { workplace: string; partyOrganisation: string; photos: Upload[] }
type Field = 'workplace' | 'partyOrganisation' | 'card'
type FieldErrors = Partial<Record<Field, string>>

const FIELD_OF: Record<string, Field> = {
  workplace: 'workplace',
  partyOrganisation: 'partyOrganisation',
  cardPhotoId: 'card',
  PHOTO_NOT_FOUND: 'card',
}

/** The contract's rules (ZPartyReportRequest), checked before sending so each field says what is wrong. */
function validate(d: Draft): FieldErrors {
  const e: FieldErrors = {}
  const workplace = d.workplace.trim()
  if (workplace.length < L.workplaceMin) e.workplace = `请填写工作单位（至少${L.workplaceMin}个字）`
  else if (workplace.length > L.workplaceMax) e.workplace = `工作单位最多${L.workplaceMax}个字`
  const organisation = d.partyOrganisation.trim()
  if (organisation.length < L.partyOrganisationMin) e.partyOrganisation = `请填写所在党组织（至少${L.partyOrganisationMin}个字）`
  else if (organisation.length > L.partyOrganisationMax) e.partyOrganisation = `党组织名称最多${L.partyOrganisationMax}个字`
  return e
}

function ReportForm({ communityName, previous }: { communityName: string | null; previous: PartyReport | null }) {
  const queryClient = useQueryClient()
  const askForReminders = useReminderSubscription('party_reported')
  const [draft, setDraft] = useState<Draft>(() => ({ workplace: previous?.workplace ?? '', partyOrganisation: previous?.partyOrganisation ?? '', photos: [] }))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [uploading, setUploading] = useState(false)
  const set = <K extends keyof Draft>(key: K, value: Draft[K], field: Field) => {
    setDraft((d) => ({ ...d, [key]: value }))
    setErrors((e) => ({ ...e, [field]: undefined }))
  }

  const submit = useIdempotentMutation({
    mutationFn: (body: PartyReportRequest, key) => reportAsPartyMember(body, key),
    onSuccess: (sent) => {
      queryClient.setQueryData(dualReportingKeys.myPartyReport, sent)
      void Taro.showToast({ title: '已提交，等待社区确认', icon: 'none', duration: 2500 })
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)
    },
    onError: (err) => {
      setErrors((e) => ({ ...e, ...fieldErrorsOf(err, FIELD_OF).fields }))
      // Reported already (from another phone, say): show where it stands.
      if (err instanceof ApiError && err.code === 'PARTY_REPORT_EXISTS') void queryClient.invalidateQueries({ queryKey: dualReportingKeys.myPartyReport })
    },
  })
  const other = submit.isError ? (submit.error instanceof ApiError ? fieldErrorsOf(submit.error, FIELD_OF).other : [NETWORK_ERROR_MESSAGE]) : []

  const send = () => {
    // First, in the tap itself: WeChat asks for 订阅消息 only from a user's gesture.
    askForReminders()
    const found = validate(draft)
    if (uploading) found.card = '照片还在上传，请稍候再提交'
    setErrors(found)
    if (Object.values(found).some(Boolean)) return
    const photo = draft.photos[0]
    submit.mutate({ workplace: draft.workplace.trim(), partyOrganisation: draft.partyOrganisation.trim(), ...(photo ? { cardPhotoId: photo.id } : {}) })
  }
  const error = (field: Field) => (errors[field] ? <View className={`form-error form-error--${field}`}>{errors[field]}</View> : null)

  return (
    <View className='party-report-form'>
      <View className='card dual-form party-report-intro'>
        <View>在职党员向居住地社区报到后，参与社区服务：认领微心愿、参加志愿活动，完成的服务都会记入您的报到统计。</View>
        <View className='muted'>社区工作人员会核对您的党员身份，请如实填写。</View>
      </View>

      <View className='card dual-form'>
        <View className='field__label'>报到社区</View>
        <View className='dual-form__community'>{communityName ?? '您住址所在的社区'}</View>

        <View className='field__label'>工作单位</View>
        <TextField value={draft.workplace} placeholder='如：爱辉区人民检察院' label='工作单位' maxLength={L.workplaceMax + 10} onChange={(v) => set('workplace', v, 'workplace')} />
        {error('workplace')}

        <View className='field__label'>所在党组织</View>
        <TextField
          value={draft.partyOrganisation}
          placeholder='如：爱辉区人民检察院机关党支部'
          label='所在党组织'
          maxLength={L.partyOrganisationMax + 10}
          onChange={(v) => set('partyOrganisation', v, 'partyOrganisation')}
        />
        {error('partyOrganisation')}

        <View className='field__label'>党员证或报到证明照片（可不传）</View>
        <View className='field__hint party-report-form__private'>照片只有本社区的工作人员可以查看，仅用于核对党员身份，不会公开。</View>
        <PhotoPicker photos={draft.photos} onChange={(photos) => set('photos', photos, 'card')} max={1} purpose='party_card' addText='上传照片' onBusyChange={setUploading} />
        {error('card')}
      </View>

      {other.map((message) => (
        <View key={message} className='form-error dual-form__error'>
          {message}
        </View>
      ))}
      <Button type='primary' block className='tap-target party-report-form__submit' disabled={submit.isPending} onClick={send}>
        {submit.isPending ? '正在提交…' : '提交报到'}
      </Button>
    </View>
  )
}
