import { useRef } from 'react'
import { useDidShow } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Cell } from '@nutui/nutui-react-taro'
import { useQuery } from '@tanstack/react-query'
import type { Me } from '../../../../types/api/me'
import type { StaffOverview } from '../../../../types/api/people'
import { CalendarNotice } from '../../../components/calendar-notice'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { peopleKeys } from '../../../services/people'
import { getStaffOverview } from '../../../services/staff/people'
import { useElderMode } from '../../../stores/preferences'
import { goTo, ROUTES } from '../../../utils/navigation'
import { WorkbenchGate } from './workbench-gate'
import './index.scss'

/** 社区工作台: what waits for the community's staff, then the figures, the 台账 and every management page. */
export default function WorkbenchPage() {
  return (
    <PageShell>
      <WorkbenchGate>{(communityId, me) => <Workbench communityId={communityId} me={me} />}</WorkbenchGate>
    </PageShell>
  )
}

type Tile = { key: string; label: string; unit: string; count: (o: StaffOverview) => number; url: string }

/** What waits, each one tap from its list. */
const TILES: Tile[] = [
  { key: 'residency', label: '住户认证', unit: '件待审核', count: (o) => o.residencyApplications, url: ROUTES.staffResidency },
  { key: 'dual', label: '双报到', unit: '件待审核', count: (o) => o.partyReports + o.unitRegistrations, url: ROUTES.staffDualReporting },
  { key: 'wishes', label: '心愿审核', unit: '件待审核', count: (o) => o.wishesToReview, url: ROUTES.staffWishReview },
  { key: 'bookings', label: '预约审批', unit: '件待审批', count: (o) => o.bookingsToApprove, url: ROUTES.staffBookings },
  { key: 'redemptions', label: '待核销', unit: '件待交付', count: (o) => o.redemptionsToHandOut, url: ROUTES.staffVerify },
  { key: 'activities', label: '今日活动', unit: '场', count: (o) => o.activitiesToday, url: ROUTES.staffActivities },
]

type Entry = { title: string; description: string; url: string }

const RECORD_ENTRIES: Entry[] = [
  { title: '数据看板', description: '心愿办结率、阵地使用率、志愿服务和积分，按月看趋势', url: ROUTES.workbenchDashboard },
  { title: '导出台账', description: '心愿、预约、活动名单、服务记录和积分明细导出为表格', url: ROUTES.workbenchExports },
  { title: '操作记录', description: '谁在什么时候审核、修改或查看了什么', url: ROUTES.workbenchAudit },
]

const MANAGEMENT_ENTRIES: Entry[] = [
  { title: '住户管理', description: '查找住户，查看家庭成员，移出已搬走的成员', url: ROUTES.staffHouseholds },
  { title: '台账导入', description: '从表格导入楼栋、住户和居民', url: ROUTES.staffLedger },
  { title: '网格与楼栋', description: '网格、小区、楼栋、单元和门牌', url: ROUTES.staffBuildings },
  { title: '代居民发布心愿', description: '为没有智能手机的居民发布心愿', url: ROUTES.staffWishPost },
  { title: '志愿活动管理', description: '发布活动，报名名单，签到码，确认时长', url: ROUTES.staffActivities },
  { title: '阵地管理', description: '场地、共享工具、开放时间、预约规则和临时关闭', url: ROUTES.staffStations },
  { title: '核销取货', description: '扫居民的取货码，交付兑换的物品', url: ROUTES.staffVerify },
  { title: '积分管理', description: '查找住户，查看明细，奖励或扣减积分', url: ROUTES.staffPoints },
  { title: '积分超市管理', description: '上架商品，调整库存', url: ROUTES.staffShop },
]

const ADMIN_ENTRIES: Entry[] = [
  { title: '街道和社区', description: '新增和修改街道、社区，查看各社区的户数', url: ROUTES.adminOrg },
  { title: '工作人员管理', description: '邀请和取消各社区的工作人员', url: ROUTES.staffAdmin },
  { title: '节假日与调休', description: '法定节假日全天开放，调休上班日按工作日开放', url: ROUTES.adminCalendar },
  { title: '个人信息访问记录', description: '工作人员查看居民个人信息的记录', url: ROUTES.adminAccessLog },
]

function Workbench({ communityId, me }: { communityId: number; me: Me }) {
  const elder = useElderMode()
  const overview = useQuery({ queryKey: peopleKeys.staffOverview(communityId), queryFn: () => getStaffOverview(communityId) })
  usePullRefresh(() => overview.refetch())
  // Back from a list where something was decided: the counts are read again (the first show is the first load).
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void overview.refetch()
    shown.current = true
  })
  const isAdmin = me.roles.includes('admin')
  // The workbench's pages start in the community chosen here.
  const inCommunity = (url: string) => `${url}?communityId=${communityId}`
  return (
    <View className='workbench'>
      <View className='section-title'>待办事项</View>
      <QueryView query={overview} skeletonRows={3}>
        {(o) => (
          <View className='workbench-tiles'>
            {TILES.map((t) => {
              const n = t.count(o)
              return (
                <View
                  key={t.key}
                  className={`workbench-tile tap-target workbench-tile--${t.key}${n > 0 ? ' workbench-tile--waiting' : ''}`}
                  role='button'
                  aria-label={`${t.label}，${n}${t.unit}`}
                  onClick={() => goTo(t.url)}
                >
                  <View className='workbench-tile__label'>{t.label}</View>
                  <View className='workbench-tile__count'>
                    <View className='workbench-tile__number'>{n}</View>
                    <View className='workbench-tile__unit'>{t.unit}</View>
                  </View>
                </View>
              )
            })}
          </View>
        )}
      </QueryView>
      <View className='section-title'>数据与记录</View>
      <Entries entries={RECORD_ENTRIES.map((e) => ({ ...e, url: inCommunity(e.url) }))} elder={elder} />
      <View className='section-title'>社区管理</View>
      <CalendarNotice onOpen={isAdmin ? () => goTo(ROUTES.adminCalendar) : undefined} />
      <Entries entries={MANAGEMENT_ENTRIES} elder={elder} />
      {isAdmin ? (
        <>
          <View className='section-title'>全区管理</View>
          <Entries entries={ADMIN_ENTRIES} elder={elder} />
        </>
      ) : null}
    </View>
  )
}

function Entries({ entries, elder }: { entries: Entry[]; elder: boolean }) {
  return (
    <Cell.Group className='workbench-entries'>
      {entries.map((e) => (
        <Cell
          key={e.title}
          className='tap-target workbench-entry'
          title={e.title}
          // 长辈模式: fewer words; the title says it.
          description={elder ? undefined : e.description}
          extra='进入 ›'
          clickable
          onClick={() => goTo(e.url)}
        />
      ))}
    </Cell.Group>
  )
}
