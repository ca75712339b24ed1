import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Image, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery } from '@tanstack/react-query'
import {
  CONTACT_PREFERENCE_LABELS,
  WISH_CATEGORY_LABELS,
  WISH_EVENT_LABELS,
  type WishAction,
  type WishStatus,
} from '../../../../types/api/labels'
import { maskPhone } from '../../../../types/phone'
import type { ConfirmRequest, Upload, Wish } from '../../../../types/api/wishes'
import { EmptyState } from '../../../components/empty-state'
import { ModerationFindings } from '../../../components/moderation-findings'
import { PageShell } from '../../../components/page-shell'
import { PhotoPicker } from '../../../components/photo-picker'
import { QueryView } from '../../../components/query-view'
import { ReasonForm } from '../../../components/reason-form'
import { TextArea } from '../../../components/text-area'
import { WishConfirmForm } from '../../../components/wish-confirm-form'
import { wishValueLabel, WishStatusBadge } from '../../../components/wish-card'
import { useMe } from '../../../hooks/use-me'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { useWishAction } from '../../../hooks/use-wish-action'
import { ApiError, apiUrl, NETWORK_ERROR_MESSAGE } from '../../../services/http'
import { confirmWishForWisher } from '../../../services/staff/wishes'
import { claimWish, confirmWish, fulfilWish, getWish, giveUpWish, wishKeys, withdrawWish } from '../../../services/wishes'
import { formatDate, formatDateTime, stars, timeLeftLabel } from '../../../utils/format'
import { goTo, goToLogin, ROUTES } from '../../../utils/navigation'
import { WISH_LIMITS } from '../../../utils/wish-limits'
import '../../../components/form.scss'
import '../../../components/wish-action-form.scss'
import { PhotoStrip } from '../../../components/photo-strip'
import './index.scss'

/** What the status means for whoever looks at the wish. */
const STATUS_HINTS: Record<WishStatus, string> = {
  pending: '社区正在审核，通过后会公开，等待认领',
  open: '正在等待志愿者、党员或驻区单位认领',
  claimed: '已有人认领，正在帮忙实现',
  fulfilled: '认领人已完成，等待居民确认',
  confirmed: '心愿已实现，感谢每一位热心人',
  rejected: '社区审核未通过',
  withdrawn: '心愿已撤回',
}

export default function WishDetailPage() {
  const { params } = useRouter()
  const id = Number(params.id)
  return <PageShell>{Number.isInteger(id) && id > 0 ? <WishDetail id={id} /> : <EmptyState title='找不到这个心愿' description='链接可能不完整，请从心愿列表进入' />}</PageShell>
}

function WishDetail({ id }: { id: number }) {
  const wish = useQuery({ queryKey: wishKeys.detail(id), queryFn: () => getWish(id) })
  usePullRefresh(() => wish.refetch())
  return (
    <QueryView query={wish} onLogin={goToLogin} skeletonRows={8}>
      {(w) => (
        <View>
          <WishMain wish={w} />
          <ContactCard wish={w} />
          <ClaimCard wish={w} />
          <ClaimBlockCard wish={w} />
          <ConfirmationCard wish={w} />
          <WishActions wish={w} />
          <Timeline wish={w} />
        </View>
      )}
    </QueryView>
  )
}

function WishMain({ wish }: { wish: Wish }) {
  const urls = wish.photos.map((p) => apiUrl(p.url))
  return (
    <View className='card wish-main'>
      <View className='wish-main__head'>
        <View className='wish-category'>{WISH_CATEGORY_LABELS[wish.category]}</View>
        <WishStatusBadge status={wish.status} />
      </View>
      <View className='wish-main__title'>{wish.title}</View>
      <View className='muted wish-main__hint'>{STATUS_HINTS[wish.status]}</View>
      {wish.status === 'rejected' && wish.rejectReason ? <View className='wish-main__reject'>未通过原因：{wish.rejectReason}</View> : null}
      <View className='wish-main__description'>{wish.description}</View>
      <PhotoStrip urls={urls} label='心愿照片' className='wish-photos' imageClassName='wish-photos__image' />
      <View className='wish-facts'>
        <View className='wish-facts__row'>
          <View className='wish-facts__label'>估算价值</View>
          <View className='wish-facts__value wish-facts__value--money'>{wishValueLabel(wish.valueYuan)}</View>
        </View>
        {/* Once claimed, the claim's own deadline is the one that counts: the card below shows both. */}
        {wish.status === 'claimed' && wish.claim ? null : (
          <View className='wish-facts__row'>
            <View className='wish-facts__label'>希望完成</View>
            <View className='wish-facts__value'>{wish.neededBy ? `${formatDate(wish.neededBy)}前` : '不限日期'}</View>
          </View>
        )}
        <View className='wish-facts__row'>
          <View className='wish-facts__label'>心愿人</View>
          <View className='wish-facts__value'>{wish.wisherName}</View>
        </View>
        <View className='wish-facts__row'>
          <View className='wish-facts__label'>位置</View>
          <View className='wish-facts__value'>{wish.location}</View>
        </View>
        <View className='wish-facts__row'>
          <View className='wish-facts__label'>联系偏好</View>
          <View className='wish-facts__value'>{CONTACT_PREFERENCE_LABELS[wish.contactPreference]}</View>
        </View>
        <View className='wish-facts__row'>
          <View className='wish-facts__label'>发布时间</View>
          <View className='wish-facts__value'>{formatDateTime(wish.createdAt)}</View>
        </View>
      </View>
      {wish.postedOnBehalf ? <View className='muted'>由社区工作人员代居民发布</View> : null}
      {wish.moderation ? <ModerationFindings moderation={wish.moderation} /> : null}
    </View>
  )
}

/**
 * How to reach the wisher, for those the server gives it to (the claimer, staff — never the wisher herself). A
 * phone number is printed masked, like everywhere in the app; the whole number only dials, behind 拨打电话.
 */
function ContactCard({ wish }: { wish: Wish }) {
  const contact = wish.contact
  if (!contact) return null
  const phone = contact.phone
  return (
    <View className='card wish-contact'>
      <View className='wish-card-title'>心愿人联系方式</View>
      <View className='wish-contact__name'>{contact.name}</View>
      <View>电话：{phone ? maskPhone(phone) : wish.contactPreference === 'via_staff' ? '居民希望由社区工作人员转达，请联系社区' : '未登记'}</View>
      <View>地址：{contact.address}</View>
      <View className='muted'>居民希望：{CONTACT_PREFERENCE_LABELS[wish.contactPreference]}</View>
      {phone ? (
        <Button block className='tap-target wish-contact__call' onClick={() => void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)}>
          拨打电话
        </Button>
      ) : null}
    </View>
  )
}

/** A resident who may not claim this open wish is told why, and the way forward when there is one. */
function ClaimBlockCard({ wish }: { wish: Wish }) {
  if (wish.claimBlock === 'become_volunteer') {
    return (
      <View className='card wish-claim-block'>
        <View className='wish-card-title'>想帮忙实现这个心愿？</View>
        <View>认领心愿需要先注册成为志愿者，社区审核通过后就能认领。</View>
        <Button type='primary' block className='tap-target wish-claim-block__register' onClick={() => goTo(ROUTES.volunteerRegister)}>
          注册志愿者
        </Button>
      </View>
    )
  }
  if (wish.claimBlock === 'other_community') {
    return (
      <View className='card wish-claim-block'>
        <View className='wish-card-title'>暂不能认领</View>
        <View>心愿只能由本社区的志愿者、党员和驻区单位认领，这个心愿不在您所在的社区。</View>
      </View>
    )
  }
  return null
}

/**
 * A claimed wish has one deadline that counts — the claim's: past it the claim lapses and the wish opens again.
 * The wisher's 希望完成 day, if she gave one, is said beside it as a wish, not a rule.
 */
function ClaimDeadline({ wish, deadline }: { wish: Wish; deadline: string }) {
  const hoped = wish.neededBy ? `${formatDate(wish.neededBy)}前` : null
  return (
    <View className='wish-claim__deadlines'>
      <View className='wish-claim__deadline'>
        请在 {formatDateTime(deadline)} 前完成（{timeLeftLabel(deadline)}）
      </View>
      <View className='muted wish-claim__deadline-note'>
        {wish.mine ? '到期未完成，认领自动取消，心愿重新开放给其他人认领。' : '以此为准：到期未完成，认领自动取消，心愿重新开放。'}
        {hoped ? `${wish.mine ? '您' : '居民'}希望${hoped}完成，仅作参考。` : ''}
      </View>
    </View>
  )
}

function ClaimCard({ wish }: { wish: Wish }) {
  const claim = wish.claim
  if (!claim) return null
  return (
    <View className='card wish-claim'>
      <View className='wish-card-title'>{claim.mine ? '我的认领' : '认领情况'}</View>
      <View>认领人：{claim.claimerName}</View>
      <View className='muted'>{formatDateTime(claim.claimedAt)} 认领</View>
      {wish.mine && wish.status === 'claimed' ? (
        <View className='wish-claim__for-wisher'>
          {wish.contactPreference === 'via_staff' ? '认领人会通过社区工作人员与您联系。' : `认领人会按您选的方式（${CONTACT_PREFERENCE_LABELS[wish.contactPreference]}）与您联系。`}
        </View>
      ) : null}
      {wish.status === 'claimed' ? <ClaimDeadline wish={wish} deadline={claim.deadline} /> : null}
      {claim.fulfilledAt ? <View>{formatDateTime(claim.fulfilledAt)} 完成</View> : null}
      {claim.fulfilNote ? <View>完成说明：{claim.fulfilNote}</View> : null}
      {claim.proofPhotoUrl ? (
        <Image
          className='wish-claim__proof'
          src={apiUrl(claim.proofPhotoUrl)}
          mode='aspectFill'
          ariaLabel='完成凭证照片，点击查看大图'
          onClick={() => void Taro.previewImage({ urls: [apiUrl(claim.proofPhotoUrl!)] })}
        />
      ) : null}
    </View>
  )
}

function ConfirmationCard({ wish }: { wish: Wish }) {
  const c = wish.confirmation
  if (!c) return null
  return (
    <View className='card wish-thanks'>
      <View className='wish-card-title'>居民的感谢</View>
      <View className='wish-thanks__quote'>“{c.thanks}”</View>
      <View className='wish-thanks__stars'>{`${stars(c.rating)} ${c.rating}星`}</View>
      <View className='muted'>
        {formatDateTime(c.confirmedAt)} 确认{c.byStaff ? '（社区工作人员代居民确认）' : ''}
      </View>
    </View>
  )
}

function errorMessage(err: unknown): string {
  return err instanceof ApiError ? err.message : NETWORK_ERROR_MESSAGE
}

/** The buttons the server says the caller may press now (`actions`), and the small forms some of them open. */
function WishActions({ wish }: { wish: Wish }) {
  const has = (a: WishAction) => wish.actions.includes(a)
  const [form, setForm] = useState<'give_up' | 'fulfil' | null>(null)
  const toast = (title: string) => void Taro.showToast({ title, icon: 'none', duration: 2500 })
  const claim = useWishAction((v: { id: number; asUnit: boolean }, key) => claimWish(v.id, v.asUnit, key), { onSuccess: () => toast('认领成功，请尽快联系居民') })
  // A member of a 驻区单位 claims for the unit, or (a volunteer or party member too) chooses.
  const profile = useMe().data
  const unitName = profile?.unit?.name ?? null
  const claimsForSelf = Boolean(profile?.roles.some((r) => r === 'volunteer' || r === 'party_member'))
  const withdraw = useWishAction((v: { id: number }, key) => withdrawWish(v.id, key), { onSuccess: () => toast('心愿已撤回') })
  const giveUp = useWishAction((v: { id: number; reason: string }, key) => giveUpWish(v.id, v.reason, key), {
    onSuccess: () => {
      setForm(null)
      toast('已放弃认领，心愿重新开放')
    },
  })
  const fulfil = useWishAction((v: { id: number; proofPhotoId: number; note: string }, key) => fulfilWish(v.id, { proofPhotoId: v.proofPhotoId, note: v.note }, key), {
    onSuccess: () => {
      setForm(null)
      toast('已提交，等待居民确认')
    },
  })
  const confirm = useWishAction((v: { id: number } & ConfirmRequest, key) => confirmWish(v.id, { thanks: v.thanks, rating: v.rating }, key), {
    pointsChanged: true,
    onSuccess: () => toast('感谢已送达'),
  })
  const staffConfirm = useWishAction((v: { id: number } & ConfirmRequest, key) => confirmWishForWisher(v.id, { thanks: v.thanks, rating: v.rating }, key), {
    pointsChanged: true,
    onSuccess: () => toast('已代居民确认'),
  })
  // A refusal of a one-tap action is said here; the forms show theirs on their fields.
  const failed = [claim, withdraw].find((m) => m.isError)

  const askClaim = async (asUnit: boolean) => {
    const answer = await Taro.showModal({
      title: asUnit ? `以${unitName}名义认领` : '认领心愿',
      content: `认领「${wish.title}」后，您会看到居民的联系方式，请尽快联系并在期限内完成。${asUnit ? '心愿计入单位的双报到服务。' : ''}`,
      confirmText: '认领',
      cancelText: '再想想',
    })
    if (answer.confirm) claim.mutate({ id: wish.id, asUnit })
  }
  const askWithdraw = async () => {
    const answer = await Taro.showModal({ title: '撤回心愿', content: '撤回后心愿不再展示，也不能再被认领。', confirmText: '撤回', cancelText: '不撤回' })
    if (answer.confirm) withdraw.mutate({ id: wish.id })
  }

  const nothing = wish.actions.length === 0 && !failed
  if (nothing) return null
  return (
    <View className='wish-actions'>
      {failed ? <View className='form-error wish-actions__error'>{errorMessage(failed.error)}</View> : null}
      {has('claim') && (claimsForSelf || !unitName) ? (
        <Button type='primary' block className='tap-target wish-actions__claim' disabled={claim.isPending} onClick={() => void askClaim(false)}>
          {claim.isPending ? '正在认领…' : unitName ? '以个人名义认领' : '认领这个心愿'}
        </Button>
      ) : null}
      {has('claim') && unitName ? (
        <Button type={claimsForSelf ? 'default' : 'primary'} block className='tap-target wish-actions__claim' disabled={claim.isPending} onClick={() => void askClaim(true)}>
          {claim.isPending ? '正在认领…' : `以${unitName}名义认领`}
        </Button>
      ) : null}
      {has('fulfil') && form !== 'fulfil' ? (
        <Button type='primary' block className='tap-target' onClick={() => setForm('fulfil')}>
          标记完成
        </Button>
      ) : null}
      {has('fulfil') && form === 'fulfil' ? (
        <FulfilForm pending={fulfil.isPending} error={fulfil.error} onCancel={() => setForm(null)} onSubmit={(body) => fulfil.mutate({ id: wish.id, ...body })} />
      ) : null}
      {has('give_up') && form !== 'give_up' ? (
        <Button block className='tap-target' onClick={() => setForm('give_up')}>
          放弃认领
        </Button>
      ) : null}
      {has('give_up') && form === 'give_up' ? (
        <ReasonForm
          title='放弃认领'
          placeholder='例如：临时出差，无法按时完成'
          submitText='确认放弃'
          pending={giveUp.isPending}
          error={giveUp.error}
          onCancel={() => setForm(null)}
          onSubmit={(reason) => giveUp.mutate({ id: wish.id, reason })}
        />
      ) : null}
      {has('confirm') ? (
        <WishConfirmForm title='确认心愿已实现' submitText='确认完成并致谢' pending={confirm.isPending} error={confirm.error} onSubmit={(body) => confirm.mutate({ id: wish.id, ...body })} />
      ) : null}
      {has('confirm_for_wisher') ? (
        <WishConfirmForm
          title='代居民确认完成'
          submitText='代居民确认'
          pending={staffConfirm.isPending}
          error={staffConfirm.error}
          onSubmit={(body) => staffConfirm.mutate({ id: wish.id, ...body })}
        />
      ) : null}
      {has('review') ? (
        <Button type='primary' block className='tap-target' onClick={() => goTo(ROUTES.staffWishReview)}>
          去审核
        </Button>
      ) : null}
      {has('withdraw') ? (
        <Button block className='tap-target wish-actions__withdraw' disabled={withdraw.isPending} onClick={() => void askWithdraw()}>
          {withdraw.isPending ? '正在撤回…' : '撤回心愿'}
        </Button>
      ) : null}
    </View>
  )
}

/** 标记完成: a proof photo (uploaded at once) and a short note. */
function FulfilForm({ pending, error, onCancel, onSubmit }: { pending: boolean; error: unknown; onCancel: () => void; onSubmit: (body: { proofPhotoId: number; note: string }) => void }) {
  const [photos, setPhotos] = useState<Upload[]>([])
  const [uploading, setUploading] = useState(false)
  const [note, setNote] = useState('')
  const [errors, setErrors] = useState<{ photo?: string; note?: string }>({})
  const submit = () => {
    const found: typeof errors = {}
    if (uploading) found.photo = '照片还在上传，请稍候'
    else if (photos.length === 0) found.photo = '请上传一张完成凭证照片'
    const n = note.trim().length
    if (n < WISH_LIMITS.fulfilNoteMin) found.note = `请简单说明完成情况（至少${WISH_LIMITS.fulfilNoteMin}个字）`
    else if (n > WISH_LIMITS.fulfilNoteMax) found.note = `说明最多${WISH_LIMITS.fulfilNoteMax}个字`
    setErrors(found)
    if (!found.photo && !found.note) onSubmit({ proofPhotoId: photos[0]!.id, note: note.trim() })
  }
  const server = error instanceof ApiError ? (error.details?.[0]?.message ?? error.message) : null
  return (
    <View className='card wish-action-form'>
      <View className='wish-action-form__title'>标记完成</View>
      <View className='field__label'>完成凭证照片</View>
      <PhotoPicker photos={photos} onChange={(p) => {
        setPhotos(p)
        setErrors((e) => ({ ...e, photo: undefined }))
      }} max={1} purpose='proof_photo' addText='上传照片' onBusyChange={setUploading} />
      {errors.photo ? <View className='form-error'>{errors.photo}</View> : null}
      <View className='field__label'>完成说明</View>
      <TextArea value={note} placeholder='例如：已把收音机送到家中，老人试用正常' label='完成说明' maxLength={WISH_LIMITS.fulfilNoteMax + 50} onChange={(v) => {
        setNote(v)
        setErrors((e) => ({ ...e, note: undefined }))
      }} />
      {errors.note ? <View className='form-error'>{errors.note}</View> : null}
      {server ? <View className='form-error'>{server}</View> : null}
      <Button type='primary' block className='tap-target' disabled={pending} onClick={submit}>
        {pending ? '正在提交…' : '提交完成凭证'}
      </Button>
      <Button block className='tap-target' onClick={onCancel}>
        取消
      </Button>
    </View>
  )
}

function Timeline({ wish }: { wish: Wish }) {
  if (wish.timeline.length === 0) return null
  return (
    <View className='card wish-timeline'>
      <View className='wish-card-title'>心愿进展</View>
      {wish.timeline.map((e, i) => (
        <View key={i} className='wish-timeline__entry'>
          <View className='wish-timeline__kind'>{WISH_EVENT_LABELS[e.kind]}</View>
          <View className='muted'>{formatDateTime(e.at)}</View>
          {e.note ? <View className='wish-timeline__note'>{e.note}</View> : null}
        </View>
      ))}
    </View>
  )
}
