import { useState } from 'react'
import { Picker, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery } from '@tanstack/react-query'
import { VOLUNTEER_SKILL_LABELS, VOLUNTEER_SKILLS, type VolunteerSkill } from '../../../types/api/labels'
import { ActivityCard } from '../../components/activity-card'
import { ChoiceButtons } from '../../components/choice-buttons'
import { CommunityPicker } from '../../components/community-picker'
import { EmptyState } from '../../components/empty-state'
import { LoadMore } from '../../components/load-more'
import { PageShell } from '../../components/page-shell'
import { QueryView } from '../../components/query-view'
import { useCursorPages } from '../../hooks/use-cursor-pages'
import { useViewer } from '../../hooks/use-me'
import { usePullRefresh } from '../../hooks/use-pull-refresh'
import { activityKeys, listActivities, listTeams, volunteerKeys, type ActivityFilters, type ActivityScope } from '../../services/volunteer'
import { useElderMode } from '../../stores/preferences'
import { formatDate, todayInChina } from '../../utils/format'
import { goTo, ROUTES } from '../../utils/navigation'
import './index.scss'

const SCOPES: { value: ActivityScope; label: string }[] = [
  { value: 'community', label: '本社区' },
  { value: 'district', label: '全区' },
]
type SkillFilter = VolunteerSkill | 'all'
const SKILL_FILTERS: { value: SkillFilter; label: string }[] = [{ value: 'all', label: '全部技能' }, ...VOLUNTEER_SKILLS.map((s) => ({ value: s, label: VOLUNTEER_SKILL_LABELS[s] }))]
const PLACES_FILTERS = [
  { value: 'all', label: '全部活动' },
  { value: 'open', label: '只看有名额' },
] as const

type Filters = Omit<ActivityFilters, 'scope' | 'communityId'>
const NO_FILTERS: Filters = { from: null, skill: null, teamId: null, hasPlaces: false }

const activityUrl = (id: number) => `${ROUTES.activityDetail}?id=${id}`

/** 活动 tab: the volunteer activities of my community or the whole district, filtered, page by page. */
export default function ActivitiesPage() {
  // Like 首页: an account placed in a community sees its own; a new account or a visitor the community picked.
  const { me, communityId, needsCommunity, ready: enabled } = useViewer()
  const [scope, setScope] = useState<ActivityScope>('community')
  const [filters, setFilters] = useState<Filters>(NO_FILTERS)
  const [filtersOpen, setFiltersOpen] = useState(false)
  const elder = useElderMode()
  const query: ActivityFilters = { scope, communityId, ...filters }
  const { query: list, items: activities } = useCursorPages(activityKeys.list(query), (cursor) => listActivities(query, cursor), enabled)
  usePullRefresh(() => Promise.all([me.refetch(), enabled ? list.refetch() : null]))
  const filterCount = [filters.from, filters.skill, filters.teamId, filters.hasPlaces || null].filter((v) => v !== null).length

  const content = needsCommunity ? (
    <CommunityPicker />
  ) : (
    <View>
      <ChoiceButtons className='activities-scope' options={SCOPES} value={scope} onChange={setScope} />
      <View className={elder ? 'activities-links activities-links--elder' : 'activities-links'}>
        <Button className='tap-target activities-links__filter' type={filterCount ? 'primary' : 'default'} onClick={() => setFiltersOpen(!filtersOpen)}>
          {filterCount ? `筛选（${filterCount}）` : '筛选'}
        </Button>
        {/* 长辈模式: two large buttons; 活动预告 stays on 首页. */}
        {elder ? null : (
          <Button className='tap-target' onClick={() => goTo(ROUTES.eventCalendar)}>
            活动预告
          </Button>
        )}
        <Button className='tap-target' onClick={() => goTo(ROUTES.volunteerMine)}>
          我的志愿
        </Button>
      </View>
      {filtersOpen ? <FilterPanel filters={filters} communityId={communityId} onChange={setFilters} /> : null}
      <QueryView
        query={list}
        skeletonRows={6}
        isEmpty={() => activities.length === 0}
        empty={
          filterCount ? (
            <EmptyState title='没有符合条件的活动' description='换个条件看看' action={{ text: '清除筛选', onClick: () => setFilters(NO_FILTERS) }} />
          ) : (
            <EmptyState title='近期暂无志愿活动' description={scope === 'community' ? '看看全区的活动吧' : '社区发布的活动会显示在这里'} />
          )
        }
      >
        {() => (
          <View>
            {activities.map((a) => (
              <ActivityCard key={a.id} activity={a} signup={a.mySignup} showCommunity={scope === 'district'} simple={elder} onOpen={() => goTo(activityUrl(a.id))} />
            ))}
            <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} />
          </View>
        )}
      </QueryView>
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

function FilterPanel({ filters, communityId, onChange }: { filters: Filters; communityId: number | null; onChange: (f: Filters) => void }) {
  const teams = useQuery({ queryKey: volunteerKeys.teams(communityId), queryFn: () => listTeams(communityId) })
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => onChange({ ...filters, [key]: value })
  const today = todayInChina()
  const teamOptions = [{ value: 0, label: '全部服务队' }, ...(teams.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }))]
  return (
    <View className='card activities-filter'>
      <View className='activities-filter__label'>开始日期</View>
      <View className='activities-filter__date'>
        <Picker mode='date' value={filters.from ?? today} start={today} onChange={(e) => set('from', String(e.detail.value))}>
          <View className='activities-filter__date-value tap-target'>{filters.from ? `${formatDate(filters.from)}起` : '从今天起（点此选择日期）'}</View>
        </Picker>
        {filters.from ? (
          <Button className='tap-target' onClick={() => set('from', null)}>
            从今天起
          </Button>
        ) : null}
      </View>
      <View className='activities-filter__label'>服务技能</View>
      <ChoiceButtons className='activities-filter__skills' options={SKILL_FILTERS} value={filters.skill ?? 'all'} onChange={(s) => set('skill', s === 'all' ? null : s)} />
      {teams.data && teams.data.items.length ? (
        <>
          <View className='activities-filter__label'>志愿服务队</View>
          <ChoiceButtons className='activities-filter__teams' options={teamOptions} value={filters.teamId ?? 0} onChange={(id) => set('teamId', id === 0 ? null : id)} />
        </>
      ) : null}
      <View className='activities-filter__label'>名额</View>
      <ChoiceButtons className='activities-filter__places' options={PLACES_FILTERS} value={filters.hasPlaces ? 'open' : 'all'} onChange={(v) => set('hasPlaces', v === 'open')} />
      <Button block className='tap-target' onClick={() => onChange(NO_FILTERS)}>
        清除筛选
      </Button>
    </View>
  )
}
