import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { WISH_CATEGORY_LABELS } from '../../../../types/api/labels'
import type { Dashboard, TrendMonth } from '../../../../types/api/reports'
import { formatMonth } from '../../../utils/format'
import { ChartCard, formatFigure } from '../charts/chart-card'
import { FigureTable } from '../charts/figure-table'

/* The dashboard's sections: big number tiles for the headline figures, then the breakdowns and the trend. */

const STAR_LABELS = ['一星', '二星', '三星', '四星', '五星'] as const

/** 办结率 73%; a share with nothing to divide by (no wishes, no open hours) is a dash. */
export function percent(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`
}

/** Nothing happened in the range: no wishes, bookings, activities, volunteers or points. */
export function isEmptyRange(d: Dashboard): boolean {
  const f = d.figures
  return (
    f.wishes.posted + f.wishes.fulfilled === 0 &&
    f.bookings.bookings === 0 &&
    f.volunteering.activities + f.volunteering.signups + f.volunteering.newVolunteers === 0 &&
    f.points.issuedByRule + f.points.issuedByStaff + f.points.redeemed + f.points.expired === 0
  )
}

function Tile({ label, value, unit }: { label: string; value: string; unit?: string }) {
  return (
    <View className='dashboard-tile' aria-label={`${label}：${value}${unit ?? ''}`}>
      <View className='dashboard-tile__value'>
        {value}
        {unit ? <View className='dashboard-tile__unit'>{unit}</View> : null}
      </View>
      <View className='dashboard-tile__label'>{label}</View>
    </View>
  )
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <View className='card dashboard-section'>
      <View className='dashboard-section__title' role='heading' aria-level={2}>
        {title}
      </View>
      {children}
    </View>
  )
}

function ShareBar({ share }: { share: number | null }) {
  return (
    <View className='share-bar'>
      <View>{percent(share)}</View>
      <View className='share-bar__track' aria-hidden>
        <View className='share-bar__fill' style={{ width: `${Math.min(100, Math.round((share ?? 0) * 100))}%` }} />
      </View>
    </View>
  )
}

/** 1月 … 12月 under the bars; the table says 2026年1月. */
const shortMonth = (m: TrendMonth) => `${Number(m.month.slice(5))}月`

function trendSummary(trend: TrendMonth[], what: string, pick: (m: TrendMonth) => number[], names: string[]): string {
  if (trend.length === 0) return `${what}：暂无数据`
  const last = trend[trend.length - 1]!
  const totals = names.map((n, i) => `${n}共${formatFigure(trend.reduce((t, m) => t + pick(m)[i]!, 0))}`)
  const latest = names.map((n, i) => `${n}${formatFigure(pick(last)[i]!)}`)
  return `${what}，${formatMonth(trend[0]!.month)}至${formatMonth(last.month)}：${totals.join('，')}；${formatMonth(last.month)}${latest.join('，')}`
}

/** One trend chart of two figures per month. */
function TrendChart({ id, title, kind, trend, names, units, pick, elder }: { id: string; title: string; kind: 'column' | 'line'; trend: TrendMonth[]; names: [string, string]; units?: (string | null)[]; pick: (m: TrendMonth) => [number, number]; elder: boolean }) {
  return (
    <ChartCard
      id={id}
      title={title}
      elder={elder}
      categoryHeading='月份'
      rowLabels={trend.map((m) => formatMonth(m.month))}
      units={units}
      summary={trendSummary(trend, title, pick, names)}
      spec={{ kind, ordered: true, categories: trend.map(shortMonth), series: names.map((name, i) => ({ name, data: trend.map((m) => pick(m)[i]!) })) }}
    />
  )
}

export function DashboardFigures({ dashboard: d, elder, onPickCommunity }: { dashboard: Dashboard; elder: boolean; onPickCommunity: (id: number) => void }) {
  const { wishes, bookings, volunteering, points, dualReporting } = d.figures
  const categories = wishes.byCategory.filter((c) => c.posted + c.fulfilled > 0)
  const issued = points.issuedByRule + points.issuedByStaff
  return (
    <View className='dashboard-figures'>
      {d.communities.length ? <CommunitiesTable dashboard={d} onPick={onPickCommunity} /> : null}

      <Section title='微心愿'>
        <View className='dashboard-tiles'>
          <Tile label='发布心愿' value={String(wishes.posted)} unit='个' />
          <Tile label='实现心愿' value={String(wishes.fulfilled)} unit='个' />
          <Tile label='办结率' value={percent(wishes.completionRate)} />
          <Tile label='平均实现用时' value={wishes.averageDaysToFulfil === null ? '—' : formatFigure(wishes.averageDaysToFulfil)} unit={wishes.averageDaysToFulfil === null ? undefined : '天'} />
        </View>
        {categories.length ? (
          <ChartCard
            id='chart-wish-categories'
            title='按类别'
            elder={elder}
            categoryHeading='类别'
            summary={`按类别：${categories.map((c) => `${WISH_CATEGORY_LABELS[c.category]}发布${c.posted}个、实现${c.fulfilled}个`).join('；')}`}
            spec={{ kind: 'column', categories: categories.map((c) => WISH_CATEGORY_LABELS[c.category]), series: [{ name: '发布', data: categories.map((c) => c.posted) }, { name: '实现', data: categories.map((c) => c.fulfilled) }] }}
          />
        ) : null}
        <TrendChart id='chart-wish-trend' title='近12个月心愿' kind='column' trend={d.trend} names={['发布', '实现']} pick={(m) => [m.wishesPosted, m.wishesFulfilled]} elder={elder} />
      </Section>

      <Section title='场地预约'>
        <View className='dashboard-tiles'>
          <Tile label='预约' value={String(bookings.bookings)} unit='次' />
          <Tile label='使用时长' value={formatFigure(bookings.bookedHours)} unit='小时' />
          <Tile label='使用率' value={percent(bookings.utilisation)} />
          <Tile label='爽约' value={String(bookings.noShows)} unit='次' />
        </View>
        <View className='muted dashboard-section__note'>使用率＝预约时长÷开放时长（节假日和临时关闭已计入）</View>
        {bookings.byRoom.length ? (
          <FigureTable
            className='dashboard-section__table'
            caption='各场地使用情况'
            head={['场地', '预约', '时长', '使用率']}
            rows={bookings.byRoom.map((r) => ({
              key: r.roomId,
              cells: [
                <View key='name'>
                  <View>{r.roomName}</View>
                  <View className='muted'>{r.stationName}</View>
                </View>,
                `${r.bookings}次`,
                `${formatFigure(r.bookedHours)}小时`,
                <ShareBar key='share' share={r.utilisation} />,
              ],
            }))}
          />
        ) : null}
      </Section>

      <Section title='志愿服务'>
        <View className='dashboard-tiles'>
          <Tile label='活动' value={String(volunteering.activities)} unit='场' />
          <Tile label='报名' value={String(volunteering.signups)} unit='人次' />
          <Tile label='参与人次' value={String(volunteering.attendances)} />
          <Tile label='爽约' value={String(volunteering.noShows)} unit='人次' />
          <Tile label='确认服务时长' value={formatFigure(volunteering.confirmedHours)} unit='小时' />
          <Tile label='新志愿者' value={String(volunteering.newVolunteers)} unit='人' />
        </View>
        {volunteering.starsReached.some((s) => s.volunteers > 0) ? (
          <FigureTable
            className='dashboard-section__table'
            caption='新达到星级的志愿者'
            head={['星级', '人数']}
            rows={volunteering.starsReached.map((s) => ({ key: s.stars, cells: [`${STAR_LABELS[s.stars - 1]}志愿者`, `${s.volunteers}人`] }))}
          />
        ) : null}
        <TrendChart id='chart-volunteer-trend' title='近12个月参与' kind='line' trend={d.trend} names={['参与人次', '服务时长']} units={[null, '小时']} pick={(m) => [m.attendances, m.confirmedHours]} elder={elder} />
      </Section>

      <Section title='积分'>
        <View className='dashboard-tiles'>
          <Tile label='按规则发放' value={String(points.issuedByRule)} unit='分' />
          <Tile label='工作人员奖励' value={String(points.issuedByStaff)} unit='分' />
          <Tile label='兑换' value={String(points.redeemed)} unit='分' />
          <Tile label='过期' value={String(points.expired)} unit='分' />
          <Tile label='活跃家庭' value={String(points.activeHouseholds)} unit='户' />
        </View>
        {points.byRule.length ? (
          <FigureTable
            className='dashboard-section__table'
            caption='按规则发放'
            head={['规则', '积分', '占比']}
            rows={points.byRule.map((r) => ({ key: r.rule, cells: [r.label, `${r.points}分`, <ShareBar key='share' share={issued ? r.points / issued : null} />] }))}
          />
        ) : null}
        <TrendChart id='chart-points-trend' title='近12个月积分' kind='column' trend={d.trend} names={['发放', '兑换']} units={['分', '分']} pick={(m) => [m.pointsIssued, m.pointsRedeemed]} elder={elder} />
      </Section>

      <Section title='双报到'>
        <View className='dashboard-tiles'>
          <Tile label='报到党员' value={String(dualReporting.partyMembers)} unit='人' />
          <Tile label='驻区单位' value={String(dualReporting.units.length)} unit='家' />
        </View>
        {dualReporting.units.length ? (
          <FigureTable className='dashboard-section__table' caption='驻区单位及成员' head={['单位', '成员']} rows={dualReporting.units.map((u) => ({ key: u.unitId, cells: [u.name, `${u.members}人`] }))} />
        ) : null}
      </Section>
    </View>
  )
}

/** The admin's district: each community's headline figures side by side; a name opens that community. */
function CommunitiesTable({ dashboard: d, onPick }: { dashboard: Dashboard; onPick: (id: number) => void }) {
  return (
    <Section title='各社区对比'>
      <View className='muted dashboard-section__note'>点社区名称查看该社区；表格可左右滑动</View>
      <FigureTable
        wide
        className='dashboard-communities'
        caption='各社区对比'
        head={['社区', '发布心愿', '实现心愿', '办结率', '预约', '使用率', '参与人次', '服务时长', '发放积分', '兑换积分', '活跃家庭']}
        rows={d.communities.map((c) => ({
          key: c.communityId,
          cells: [
            <View key='name' className='dashboard-communities__name' role='button' onClick={() => onPick(c.communityId)}>
              {c.name} ›
            </View>,
            String(c.wishesPosted),
            String(c.wishesFulfilled),
            percent(c.completionRate),
            String(c.bookings),
            percent(c.utilisation),
            String(c.attendances),
            `${formatFigure(c.confirmedHours)}小时`,
            String(c.pointsIssued),
            String(c.pointsRedeemed),
            `${c.activeHouseholds}户`,
          ],
        }))}
      />
    </Section>
  )
}
