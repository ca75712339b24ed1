import { useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ChartCanvas, type ChartSpec } from './chart-canvas'
import { FigureTable } from './figure-table'
import './charts.scss'

export type { ChartSpec } from './chart-canvas'

type Props = {
  /** The canvas' id, unique on the page. */
  id: string
  title: string
  spec: ChartSpec
  /** What the chart shows, in one sentence, for screen readers (the canvas' aria-label). */
  summary: string
  /** The table's first column: its heading and each row's full label (the chart's axis has short ones). */
  categoryHeading: string
  rowLabels?: string[]
  /** The unit of each series in the table's headings: 小时, 分. */
  units?: (string | null)[]
  elder: boolean
}

/**
 * A chart with its 表格 view beside it: the same figures as a table, which 长辈模式 shows first (larger type than
 * any axis label) and which screen readers always find, also while the chart is on screen.
 */
export function ChartCard({ id, title, spec, summary, categoryHeading, rowLabels, units, elder }: Props) {
  const [table, setTable] = useState(elder)
  const head = [categoryHeading, ...spec.series.map((s, i) => (units?.[i] ? `${s.name}（${units[i]}）` : s.name))]
  const rows = spec.categories.map((c, r) => ({ key: c, cells: [rowLabels?.[r] ?? c, ...spec.series.map((s) => formatFigure(s.data[r] ?? 0))] }))
  return (
    <View className='chart-card'>
      <View className='chart-card__head'>
        <View className='chart-card__title' role='heading' aria-level={3}>
          {title}
        </View>
        <Button className='tap-target chart-card__toggle' size='small' aria-pressed={table} onClick={() => setTable(!table)}>
          {table ? '图表' : '表格'}
        </Button>
      </View>
      {table ? null : <ChartCanvas id={id} spec={spec} label={summary} elder={elder} />}
      <FigureTable className={table ? 'chart-card__table' : 'chart-card__table chart-card__table--hidden'} caption={title} head={head} rows={rows} />
    </View>
  )
}

/** A count as it is, hours to one decimal. */
export function formatFigure(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1)
}
