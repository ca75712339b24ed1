import { useEffect, useRef, type ReactNode } from 'react'
import { View } from '@tarojs/components'
import './charts.scss'

export type FigureRow = { key: string | number; cells: ReactNode[] }

/**
 * A table of figures built of views (a mini-program has no <table>), with the table roles for screen readers.
 * The first column is the label; the others are figures, right-aligned. `wide` lets a table of many columns
 * scroll sideways instead of squeezing them (the admin's communities side by side).
 */
export function FigureTable({ caption, head, rows, wide = false, className }: { caption: string; head: string[]; rows: FigureRow[]; wide?: boolean; className?: string }) {
  const scroller = useRef<HTMLElement>(null)
  // In H5 a region that scrolls sideways joins the tab order, so a keyboard can scroll it (axe:
  // scrollable-region-focusable); Taro's View types have no tabIndex. The mini-program has no keyboard.
  useEffect(() => {
    if (process.env.TARO_ENV === 'h5') scroller.current?.setAttribute('tabindex', '0')
  }, [wide])
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
  return wide ? (
    <View ref={scroller} className={['figure-table__scroll', className ?? ''].filter(Boolean).join(' ')} role='region' aria-label={caption}>
      {table}
    </View>
  ) : (
    table
  )
}
