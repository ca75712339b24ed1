import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery } from '@tanstack/react-query'
import { WISH_CATEGORIES, WISH_CATEGORY_LABELS, type WishCategory } from '../../../types/api/labels'
import type { WishWall } from '../../../types/api/wishes'
import { ChoiceButtons } from '../../components/choice-buttons'
import { CommunityPicker } from '../../components/community-picker'
import { EmptyState, LoginState } from '../../components/empty-state'
import { LoadMore } from '../../components/load-more'
import { PageShell } from '../../components/page-shell'
import { QueryView } from '../../components/query-view'
import { WishCard } from '../../components/wish-card'
import { useViewer } from '../../hooks/use-me'
import { usePullRefresh } from '../../hooks/use-pull-refresh'
import { useCursorPages } from '../../hooks/use-cursor-pages'
import { getWishWall, listWishes, wishKeys, type WishSort } from '../../services/wishes'
import { useElderMode } from '../../stores/preferences'
import { stars } from '../../utils/format'
import { goTo, goToLogin, ROUTES, wishDetailUrl } from '../../utils/navigation'
import './index.scss'

type CategoryFilter = WishCategory | 'all'
const CATEGORY_FILTERS: { value: CategoryFilter; label: string }[] = [{ value: 'all', label: '全部' }, ...WISH_CATEGORIES.map((c) => ({ value: c, label: WISH_CATEGORY_LABELS[c] }))]
const SORTS: { value: WishSort; label: string }[] = [
  { value: 'newest', label: '最新发布' },
  { value: 'deadline', label: '即将到期' },
]

export default function WishesPage() {
  // Like 首页: an account placed in a community sees its own; a new account or a visitor the community picked. A
  // visitor sees the 心愿墙; the wishes waiting to be claimed are for those logged in.
  const { me, visitor, communityId, needsCommunity, ready } = useViewer()
  const [filter, setFilter] = useState<CategoryFilter>('all')
  const [sort, setSort] = useState<WishSort>('newest')
  const category = filter === 'all' ? null : filter
  const elder = useElderMode()
  // 长辈模式 folds the category and sort choices behind one button: fewer, larger things on the first screen.
  const [filtersOpen, setFiltersOpen] = useState(false)
  const filterLabel = `${category ? WISH_CATEGORY_LABELS[category] : '全部类别'} · ${SORTS.find((s) => s.value === sort)!.label}`
  const listed = ready && !visitor
  const { query: list, items: wishes } = useCursorPages(wishKeys.list(communityId, category, sort), (cursor) => listWishes({ communityId, category, sort, cursor }), listed)
  const wall = useQuery({ queryKey: wishKeys.wall(communityId), queryFn: () => getWishWall(communityId), enabled: ready })
  usePullRefresh(() => Promise.all([me.refetch(), listed ? list.refetch() : null, ready ? wall.refetch() : null]))

  const content = needsCommunity ? (
    <CommunityPicker />
  ) : (
    <View>
      <View className='wishes-actions'>
        <Button type='primary' block className='tap-target wishes-actions__post' onClick={() => goTo(ROUTES.wishPost)}>
          发布心愿
        </Button>
        <View className='wishes-actions__row'>
          <Button className='tap-target' onClick={() => goTo(ROUTES.wishMine)}>
            我的心愿
          </Button>
          <Button className='tap-target' onClick={() => goTo(ROUTES.wishClaims)}>
            我的认领
          </Button>
        </View>
      </View>

      <QueryView query={wall} skeletonRows={2}>
        {(data) => <WishWallCard wall={data} elder={elder} />}
      </QueryView>

      <View className='section-title'>待认领的心愿</View>
      {visitor ? (
        <LoginState description='登录后查看和认领邻居的心愿' onLogin={goToLogin} />
      ) : (
        <>
          {elder ? (
            <Button block className='tap-target wishes-filter-toggle' type={filtersOpen ? 'primary' : 'default'} onClick={() => setFiltersOpen(!filtersOpen)}>
              {filtersOpen ? '收起筛选' : `筛选：${filterLabel}`}
            </Button>
          ) : null}
          {!elder || filtersOpen ? (
            <>
              <ChoiceButtons className='wishes-filter' options={CATEGORY_FILTERS} value={filter} onChange={setFilter} />
              <ChoiceButtons className='wishes-sort' options={SORTS} value={sort} onChange={setSort} />
            </>
          ) : null}
          <QueryView
            query={list}
            isEmpty={() => wishes.length === 0}
            empty={
              <EmptyState
                title={category ? `「${WISH_CATEGORY_LABELS[category]}」类暂时没有待认领的心愿` : '暂时没有待认领的心愿'}
                description={category ? '看看其他类别吧' : '社区审核通过的心愿会显示在这里'}
              />
            }
          >
            {() => (
              <View>
                {wishes.map((w) => (
                  <WishCard key={w.id} wish={w} simple={elder} onOpen={() => goTo(wishDetailUrl(w.id))} />
                ))}
                <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} />
              </View>
            )}
          </QueryView>
        </>
      )}
    </View>
  )

  return (
    <PageShell>
      <QueryView query={me} visitor={() => content}>
        {() => content}
      </QueryView>
    </PageShell>
  )
}

/** Thanks shown before 查看更多感谢. */
const THANKS_SHOWN = 3

/** 心愿墙: how many wishes came true, and the latest thanks (长辈模式: the figures, the thanks one tap away). */
function WishWallCard({ wall, elder }: { wall: WishWall; elder: boolean }) {
  const [all, setAll] = useState(false)
  const thanks = all ? wall.recent : elder ? [] : wall.recent.slice(0, THANKS_SHOWN)
  const figures = [
    { label: '本月', value: wall.totals.thisMonth },
    { label: '本年', value: wall.totals.thisYear },
    { label: '累计', value: wall.totals.allTime },
  ]
  const folded = wall.recent.length > (elder ? 0 : THANKS_SHOWN)
  return (
    <View className='card wish-wall'>
      <View className='wish-wall__title'>心愿墙 · 已兑现心愿</View>
      <View className='wish-wall__figures'>
        {figures.map((f) => (
          <View key={f.label} className='wish-wall__figure'>
            <View className='wish-wall__value'>{f.value}</View>
            <View className='muted'>{f.label}已兑现</View>
          </View>
        ))}
      </View>
      {thanks.map((t) => (
        <View key={t.id} className='wish-wall__thanks'>
          <View className='wish-wall__quote'>“{t.thanks}”</View>
          <View className='muted'>
            {t.wisherName} 感谢 {t.claimerName} · {t.title} <Text className='wish-wall__stars'>{`${stars(t.rating)} ${t.rating}星`}</Text>
          </View>
        </View>
      ))}
      {folded ? (
        <Button block className='tap-target' onClick={() => setAll(!all)}>
          {all ? '收起' : elder ? `看感谢留言（共${wall.recent.length}条）` : `查看更多感谢（共${wall.recent.length}条）`}
        </Button>
      ) : null}
    </View>
  )
}
