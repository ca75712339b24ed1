import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import './charts.scss'

export type FigureRow = { key: string | number; cells: ReactNode[] }

/**
 * A table of figures built of views (a mini-program has no <table>), with the table roles for screen readers.
 * The first column is the label; the others are figures, right-aligned. `wide` lets a table of many columns
 * scroll sideways instead of squeezing them (the admin's communities side by side).
 */
export function FigureTable({ caption, head, rows, wide = false, className }: { caption: string; head: string[]; rows: FigureRow[]; wide?: boolean; className?: string }) {
  const table = (
    <View className={['figure-table', wide ? 'figure-table--wide' : '', wide ? '' : (className ?? '')].filter(Boolean).join(' ')} role='table' aria-label={caption}>
      <View className='figure-table__row figure-table__row--head' role='row'>
        {head.map((h, i) => (
          <View key={h} className={i === 0 ? 'figure-table__label' : 'figure-table__cell'} role='columnheader'>
            {h}
          </View>
        ))}
      </View>
      {rows.map((r) => (
        <View key={r.key} className='figure-table__row' role='row'>
          {r.cells.map((c, i) => (
            <View key={i} className={i === 0 ? 'figure-table__label' : 'figure-table__cell'} role={i === 0 ? 'rowheader' : 'cell'}>
              {c}
            </View>
          ))}
        </View>
      ))}
    </View>
  )
  return wide ? <View className={['figure-table__scroll', className ?? ''].filter(Boolean).join(' ')}>{table}</View> : table
}
