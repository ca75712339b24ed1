import { Picker, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Station } from '../../../../types/api/booking'
import { ISO_WEEKDAY_LABELS, ISO_WEEKDAYS } from '../booking-parts'

export type Interval = { opens: string; closes: string }
/** The week's opening hours as the editor holds them: ISO weekday 1–7 → its intervals in order. */
export type WeekHours = Record<number, Interval[]>
type WeeklyHoursRow = Station['weeklyHours'][number]

const byOpening = (a: Interval, b: Interval) => (a.opens < b.opens ? -1 : a.opens > b.opens ? 1 : 0)

export function weekHoursOf(rows: WeeklyHoursRow[]): WeekHours {
  const week: WeekHours = {}
  for (const d of ISO_WEEKDAYS) week[d] = rows.filter((r) => r.dayOfWeek === d).map(({ opens, closes }) => ({ opens, closes })).sort(byOpening)
  return week
}

/** The rows PATCH /api/staff/stations/:id expects, by weekday and opening time. */
export function weeklyHoursOf(week: WeekHours): WeeklyHoursRow[] {
  return ISO_WEEKDAYS.flatMap((d) => [...(week[d] ?? [])].sort(byOpening).map((i) => ({ dayOfWeek: d, opens: i.opens, closes: i.closes })))
}

/** What is wrong with each day's intervals: a closing time not after the opening, or two that overlap. */
export function hoursProblems(week: WeekHours): Partial<Record<number, string>> {
  const problems: Partial<Record<number, string>> = {}
  for (const d of ISO_WEEKDAYS) {
    const list = [...(week[d] ?? [])].sort(byOpening)
    if (list.some((i) => i.opens >= i.closes)) problems[d] = `${ISO_WEEKDAY_LABELS[d]}：关门时间应晚于开门时间`
    else if (list.some((i, n) => n > 0 && i.opens < list[n - 1]!.closes)) problems[d] = `${ISO_WEEKDAY_LABELS[d]}：时段不能重叠`
  }
  return problems
}

const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/** A new interval: 09:00–17:00 on a closed day, else the hour after the day's last one. */
function nextInterval(list: Interval[]): Interval {
  const last = [...list].sort(byOpening).at(-1)
  if (!last) return { opens: '09:00', closes: '17:00' }
  const opens = Math.min(minutesOf(last.closes), 22 * 60 + 30)
  return { opens: clock(opens), closes: clock(Math.min(opens + 60, 23 * 60 + 30)) }
}

/**
 * The weekly opening hours, day by day: each day one or more opens–closes intervals (time pickers), or none
 * (不开放). Helpers copy Monday to the other working days and Saturday to Sunday.
 */
export function HoursEditor({ value, onChange, problems = {} }: { value: WeekHours; onChange: (week: WeekHours) => void; problems?: Partial<Record<number, string>> }) {
  const setDay = (d: number, list: Interval[]) => onChange({ ...value, [d]: list })
  const copy = (from: number, to: number[]) => onChange({ ...value, ...Object.fromEntries(to.map((d) => [d, (value[from] ?? []).map((i) => ({ ...i }))])) })
  return (
    <View className='hours-editor'>
      <View className='hours-editor__helpers'>
        <Button size='small' className='tap-target hours-editor__copy-weekdays' onClick={() => copy(1, [2, 3, 4, 5])}>
          周一时间复制到周二至周五
        </Button>
        <Button size='small' className='tap-target hours-editor__copy-weekend' onClick={() => copy(6, [7])}>
          周六时间复制到周日
        </Button>
      </View>
      {ISO_WEEKDAYS.map((d) => {
        const list = value[d] ?? []
        const name = ISO_WEEKDAY_LABELS[d]
        const change = (n: number, key: keyof Interval, time: string) => setDay(d, list.map((i, k) => (k === n ? { ...i, [key]: time } : i)))
        return (
          <View key={d} className={`hours-editor__day hours-editor__day--${d}`}>
            <View className='hours-editor__day-name'>{name}</View>
            <View className='hours-editor__intervals'>
              {list.length === 0 ? <View className='muted hours-editor__closed'>不开放</View> : null}
              {list.map((interval, n) => (
                <View key={n} className='hours-editor__interval'>
                  <Picker mode='time' value={interval.opens} onChange={(e) => change(n, 'opens', String(e.detail.value))}>
                    <View className='hours-editor__time tap-target' ariaLabel={`${name}第${n + 1}段开门时间`}>
                      {interval.opens}
                    </View>
                  </Picker>
                  <View>–</View>
                  <Picker mode='time' value={interval.closes} onChange={(e) => change(n, 'closes', String(e.detail.value))}>
                    <View className='hours-editor__time tap-target' ariaLabel={`${name}第${n + 1}段关门时间`}>
                      {interval.closes}
                    </View>
                  </Picker>
                  <Button size='small' className='hours-editor__remove' onClick={() => setDay(d, list.filter((_, k) => k !== n))}>
                    删除
                  </Button>
                </View>
              ))}
              <Button size='small' className='hours-editor__add' onClick={() => setDay(d, [...list, nextInterval(list)])}>
                添加时段
              </Button>
              {problems[d] ? <View className='form-error'>{problems[d]}</View> : null}
            </View>
          </View>
        )
      })}
    </View>
  )
}
