import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Image, View } from '@tarojs/components'
import { ActionSheet, Button } from '@nutui/nutui-react-taro'
import { WISH_CATEGORIES, WISH_CATEGORY_LABELS, type WishCategory } from '../../../../types/api/labels'
import type { ConfirmRequest, WishSummary } from '../../../../types/api/wishes'
import { maskName } from '../../../../types/names'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { EmptyState } from '../../../components/empty-state'
import { LoadMore } from '../../../components/load-more'
import { ModerationFindings } from '../../../components/moderation-findings'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { ReasonForm } from '../../../components/reason-form'
import { wishValueLabel } from '../../../components/wish-card'
import { WishConfirmForm } from '../../../components/wish-confirm-form'
import { PhotoStrip } from '../../../components/photo-strip'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { useWishAction } from '../../../hooks/use-wish-action'
import { useCursorPages } from '../../../hooks/use-cursor-pages'
import { apiUrl } from '../../../services/http'
import { approveWish, confirmWishForWisher, listStaffWishes, rejectWish } from '../../../services/staff/wishes'
import { wishKeys } from '../../../services/wishes'
import { formatDate, formatDateTime } from '../../../utils/format'
import { goTo, ROUTES, wishDetailUrl } from '../../../utils/navigation'
import { StaffGate } from '../staff-gate'
import './index.scss'

type Queue = 'pending' | 'fulfilled'
const QUEUES: { value: Queue; label: string }[] = [
  { value: 'pending', label: '待审核' },
  { value: 'fulfilled', label: '待代确认' },
]

export default function StaffWishReviewPage() {
  return (
    <PageShell>
      <StaffGate>{(communityId) => <WishReview communityId={communityId} />}</StaffGate>
    </PageShell>
  )
}

function WishReview({ communityId }: { communityId: number }) {
  const [queue, setQueue] = useState<Queue>('pending')
  const { query, items: wishes } = useCursorPages(wishKeys.staffList(communityId, queue), (cursor) => listStaffWishes(communityId, queue, cursor))
  usePullRefresh(() => query.refetch())
  return (
    <View>
      <Button block className='tap-target' onClick={() => goTo(ROUTES.staffWishPost)}>
        代居民发布心愿
      </Button>
      <ChoiceButtons className='review-queues' options={QUEUES} value={queue} onChange={setQueue} />
      <View className='muted review-queues__hint'>
        {queue === 'pending' ? '通过后心愿公开。点标题看全文、照片和机审详情。' : '认领人已完成、居民还没确认的心愿。居民没有智能手机时，可在核实后代为确认。'}
      </View>
      <QueryView
        query={query}
        isEmpty={() => wishes.length === 0}
        empty={
          queue === 'pending' ? (
            <EmptyState title='没有待审核的心愿' description='居民新发布的心愿会显示在这里' />
          ) : (
            <EmptyState title='没有待代确认的心愿' description='志愿者已完成、居民还没确认的心愿会显示在这里，可为不便操作的居民代为确认' />
          )
        }
      >
        {() => (
          <View>
            {wishes.map((w) => (queue === 'pending' ? <ReviewCard key={w.id} wish={w} /> : <ConfirmCard key={w.id} wish={w} />))}
            <LoadMore hasMore={query.hasNextPage} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} />
          </View>
        )}
      </QueryView>
    </View>
  )
}

/** The content check in a word: the worst verdict of the text and the photos. */
function moderationTag(m: NonNullable<WishSummary['moderation']>): { text: string; tone: 'ok' | 'warn' | 'bad' | 'none' } {
  const verdicts = [m.text, ...m.photos]
  if (verdicts.includes('risky')) return { text: '机审违规', tone: 'bad' }
  if (verdicts.includes('review')) return { text: '疑似违规', tone: 'warn' }
  if (verdicts.includes('pending')) return { text: '图片审核中', tone: 'none' }
  if (verdicts.includes('unchecked')) return { text: '未经机审', tone: 'none' }
  return { text: '机审通过', tone: 'ok' }
}

/**
 * A wish in a few short lines: title and time; category, the content check and who and where (the wisher's name
 * masked, as on any list someone may read over a shoulder). Tapping it opens the whole text, photos and findings.
 */
function WishRow({ wish, category, changed, open, onToggle, onChangeCategory }: { wish: WishSummary; category: WishCategory; changed: boolean; open: boolean; onToggle: () => void; onChangeCategory?: () => void }) {
  const check = wish.moderation ? moderationTag(wish.moderation) : null
  const urls = wish.photos.map((p) => apiUrl(p.url))
  return (
    <View className='review-card__facts'>
      <View className='review-card__top' onClick={onToggle}>
        <View className='review-card__title'>{wish.title}</View>
        <View className='review-card__time'>{formatDateTime(wish.createdAt)}</View>
      </View>
      <View className='review-card__line'>
        {onChangeCategory ? (
          <View className={`review-card__category review-card__category--change${changed ? ' review-card__category--changed' : ''}`} onClick={onChangeCategory} ariaLabel={`分类：${WISH_CATEGORY_LABELS[category]}，点击改类别`}>
            {WISH_CATEGORY_LABELS[category]} · 改类别
          </View>
        ) : (
          <View className='review-card__category'>{WISH_CATEGORY_LABELS[category]}</View>
        )}
        {check ? <View className={`review-card__check review-card__check--${check.tone}`}>{check.text}</View> : null}
        <View className='review-card__who'>
          {maskName(wish.wisherName)} · {wish.location}
          {wish.photos.length ? ` · ${wish.photos.length}张照片` : ''}
        </View>
      </View>
      {open ? (
        <View className='review-card__more'>
          <View className='review-card__description'>{wish.description}</View>
          <PhotoStrip urls={urls} label='心愿照片' className='review-card__photos' imageClassName='review-card__photo' />
          <View className='muted'>
            {wishValueLabel(wish.valueYuan)}
            {wish.neededBy ? ` · 希望${formatDate(wish.neededBy)}前` : ''}
            {wish.postedOnBehalf ? ' · 工作人员代发' : ''}
          </View>
          {wish.moderation ? <ModerationFindings moderation={wish.moderation} /> : null}
          <View className='review-card__detail' onClick={() => goTo(wishDetailUrl(wish.id))}>
            查看详情 ›
          </View>
        </View>
      ) : null}
    </View>
  )
}

const CATEGORY_OPTIONS = WISH_CATEGORIES.map((c) => ({ name: WISH_CATEGORY_LABELS[c], value: c }))

function ReviewCard({ wish }: { wish: WishSummary }) {
  const [category, setCategory] = useState<WishCategory>(wish.category)
  const [picking, setPicking] = useState(false)
  const [open, setOpen] = useState(false)
  const [rejecting, setRejecting] = useState(false)
  const toast = (title: string) => void Taro.showToast({ title, icon: 'none', duration: 2500 })
  const approve = useWishAction((v: { id: number; category?: WishCategory }, key) => approveWish(v.id, v.category, key), {
    onSuccess: () => toast('已通过，心愿已公开'),
  })
  const reject = useWishAction((v: { id: number; reason: string }, key) => rejectWish(v.id, v.reason, key), {
    onSuccess: () => toast('已退回，居民会看到原因'),
  })
  const canReview = wish.actions.includes('review')
  const changed = category !== wish.category

  const askApprove = async () => {
    const answer = await Taro.showModal({
      title: '审核通过',
      content: `通过后「${wish.title}」会公开，等待认领。${changed ? `分类改为「${WISH_CATEGORY_LABELS[category]}」。` : ''}`,
      confirmText: '通过',
      cancelText: '再看看',
    })
    if (answer.confirm) approve.mutate({ id: wish.id, category: changed ? category : undefined })
  }

  return (
    <View className='card review-card'>
      <WishRow wish={wish} category={category} changed={changed} open={open} onToggle={() => setOpen((o) => !o)} onChangeCategory={canReview ? () => setPicking(true) : undefined} />
      {canReview ? (
        rejecting ? (
          <ReasonForm
            title='不通过'
            placeholder='例如：超出微心愿范围，请联系社区另行帮助'
            submitText='确认不通过'
            pending={reject.isPending}
            error={reject.error}
            onCancel={() => setRejecting(false)}
            onSubmit={(reason) => reject.mutate({ id: wish.id, reason })}
          />
        ) : (
          <View className='review-card__actions'>
            <Button size='small' className='tap-target review-card__reject' disabled={approve.isPending} onClick={() => setRejecting(true)}>
              不通过
            </Button>
            <Button size='small' type='primary' className='tap-target review-card__approve' disabled={approve.isPending} onClick={() => void askApprove()}>
              {approve.isPending ? '正在提交…' : '通过'}
            </Button>
          </View>
        )
      ) : null}
      {/* One picker for this wish, opened on demand, instead of every category on every card. */}
      <ActionSheet
        className='review-categories'
        visible={picking}
        title={`「${wish.title}」的分类`}
        options={CATEGORY_OPTIONS.map((o) => ({ ...o, name: o.value === category ? `${o.name}（当前）` : o.name }))}
        cancelText='取消'
        onSelect={(option: { value?: unknown }) => {
          setCategory(option.value as WishCategory)
          setPicking(false)
        }}
        onCancel={() => setPicking(false)}
      />
    </View>
  )
}

function ConfirmCard({ wish }: { wish: WishSummary }) {
  const [confirming, setConfirming] = useState(false)
  const confirm = useWishAction((v: { id: number } & ConfirmRequest, key) => confirmWishForWisher(v.id, { thanks: v.thanks, rating: v.rating }, key), {
    pointsChanged: true,
    onSuccess: () => void Taro.showToast({ title: '已代居民确认', icon: 'none', duration: 2500 }),
  })
  const [open, setOpen] = useState(false)
  const claim = wish.claim
  return (
    <View className='card review-card'>
      <WishRow wish={wish} category={wish.category} changed={false} open={open} onToggle={() => setOpen((o) => !o)} />
      {claim ? (
        <View className='review-card__claim'>
          <View>认领人：{claim.claimerName}</View>
          {claim.fulfilledAt ? <View>{formatDateTime(claim.fulfilledAt)} 完成</View> : null}
          {claim.fulfilNote ? <View>完成说明：{claim.fulfilNote}</View> : null}
          {claim.proofPhotoUrl ? (
            <Image
              className='review-card__photo'
              src={apiUrl(claim.proofPhotoUrl)}
              mode='aspectFill'
              ariaLabel='完成凭证照片，点击查看大图'
              onClick={() => void Taro.previewImage({ urls: [apiUrl(claim.proofPhotoUrl!)] })}
            />
          ) : null}
        </View>
      ) : null}
      {wish.actions.includes('confirm_for_wisher') ? (
        confirming ? (
          <WishConfirmForm
            title='代居民确认完成'
            submitText='代居民确认'
            pending={confirm.isPending}
            error={confirm.error}
            onSubmit={(body) => confirm.mutate({ id: wish.id, ...body })}
          />
        ) : (
          <Button type='primary' block className='tap-target review-card__confirm' onClick={() => setConfirming(true)}>
            代确认
          </Button>
        )
      ) : null}
    </View>
  )
}
