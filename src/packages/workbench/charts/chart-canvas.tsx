import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Canvas, View } from '@tarojs/components'
import UCharts from '@qiun/ucharts'

/*
 * A bar or line chart drawn by uCharts on a Canvas 2D (docs/adr/0006-workbench-charts.md). Only the dashboard
 * imports this file, so uCharts lands in the workbench subpackage and nowhere else.
 */

export type ChartSeries = { name: string; data: number[] }
/** `ordered`: the categories are a sequence (months), so crowded labels may be thinned; otherwise they turn. */
export type ChartSpec = { kind: 'column' | 'line'; categories: string[]; series: ChartSeries[]; ordered?: boolean }

/** Series colours (the palette's red and blue, and an orange), deeper in 长辈模式 like the page's own colours. */
const COLORS = ['#d52b1e', '#0958d9', '#ad4e00']
const ELDER_COLORS = ['#a8071a', '#003eb3', '#873800']

type Found = { canvas: HTMLCanvasElement; width: number; height: number }

/**
 * The canvas behind `<Canvas type='2d' id>` and its size in CSS px. WeChat hands the node to a selector query
 * (`fields({ node: true, size: true })`). Taro H5 renders the Canvas as a web component with a `<canvas>` inside,
 * which its selector query does not return for `type`, so H5 takes the element from the document once the
 * component has rendered (it sizes its canvas in its first render, which would clear an earlier drawing).
 */
function findCanvas(id: string): Promise<Found | null> {
  if (process.env.TARO_ENV === 'h5') {
    const host = document.getElementById(id) as (HTMLElement & { componentOnReady?: () => Promise<unknown> }) | null
    if (!host) return Promise.resolve(null)
    return Promise.resolve(host.componentOnReady?.()).then(() => {
      const canvas = host.querySelector('canvas')
      if (!canvas) return null
      const { width, height } = canvas.getBoundingClientRect()
      return { canvas, width, height }
    })
  }
  return new Promise((resolve) => {
    const page = Taro.getCurrentInstance().page
    const query = Taro.createSelectorQuery()
    ;(page ? query.in(page as unknown as TaroGeneral.IAnyObject) : query)
      .select(`#${id}`)
      .fields({ node: true, size: true })
      .exec((res: ({ node?: HTMLCanvasElement; width?: number; height?: number } | null)[]) => {
        const r = res?.[0]
        resolve(r?.node && r.width && r.height ? { canvas: r.node, width: r.width, height: r.height } : null)
      })
  })
}

function pixelRatio(): number {
  if (process.env.TARO_ENV === 'h5') return window.devicePixelRatio || 1
  try {
    return Taro.getWindowInfo().pixelRatio || 1
  } catch {
    return 1
  }
}

/** The window's width, so that a chart redraws when the phone turns or the browser resizes. */
function useWindowWidth(): number {
  const read = () => {
    try {
      return Taro.getWindowInfo().windowWidth
    } catch {
      return 0
    }
  }
  const [width, setWidth] = useState(read)
  useEffect(() => {
    const onResize: Taro.onWindowResize.Callback = (r) => setWidth(r.size.windowWidth)
    Taro.onWindowResize?.(onResize)
    return () => Taro.offWindowResize?.(onResize as unknown as Taro.offWindowResize.Callback)
  }, [])
  return width
}

/**
 * The top of the value axis: four equal steps of 1, 2, 3 or 5 × 10^k, so that the ticks of counts are whole
 * numbers (uCharts' own split of a maximum of 3 read 0.75, 1.50, 2.25).
 */
export function axisTop(values: number[]): number {
  const top = Math.max(0, ...values)
  if (top <= 4) return 4
  const raw = top / 4
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  return [1, 2, 3, 5, 10].map((m) => m * magnitude).find((step) => step >= raw)! * 4
}

/** A label's width in px at a font size: a Chinese character is an em, a digit or letter about 0.6 em. */
const labelWidth = (label: string, fontSize: number) => [...label].reduce((w, ch) => w + (ch.charCodeAt(0) > 255 ? 1 : 0.6), 0) * fontSize

/**
 * How the category labels fit under a chart `width` px wide: every `step`-th label of a sequence (counted back
 * from the last, which is the latest month), or all labels turned 45° when even that does not fit.
 */
export function labelLayout(categories: string[], width: number, fontSize: number, ordered: boolean): { step: number; rotate: boolean } {
  // The value axis and the paddings take about 48 px of the width.
  const slot = (width - 48) / Math.max(1, categories.length)
  const longest = Math.max(0, ...categories.map((c) => labelWidth(c, fontSize))) * 1.05
  let step = 1
  while (ordered && step < 3 && slot * step < longest) step++
  return { step, rotate: slot * step < longest }
}

/** A tick's label: whole numbers as they are, anything else to one decimal. */
const tickLabel = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1))

function draw(found: Found, spec: ChartSpec, elder: boolean) {
  const ratio = pixelRatio()
  const { canvas, width, height } = found
  canvas.width = Math.round(width * ratio)
  canvas.height = Math.round(height * ratio)
  const context = canvas.getContext('2d')
  if (!context) return
  const fontSize = elder ? 14 : 11
  const ink = elder ? '#262626' : '#595959'
  const labels = labelLayout(spec.categories, width, fontSize, spec.ordered ?? false)
  const last = spec.categories.length - 1
  // uCharts takes device pixels and scales its fonts and paddings by pixelRatio itself.
  new UCharts({
    type: spec.kind,
    context,
    canvas2d: true,
    width: canvas.width,
    height: canvas.height,
    pixelRatio: ratio,
    categories: spec.categories,
    series: spec.series,
    color: elder ? ELDER_COLORS : COLORS,
    background: '#FFFFFF',
    animation: false,
    fontSize,
    fontColor: ink,
    padding: [12, 12, 4, 4],
    dataLabel: false,
    dataPointShape: true,
    legend: { show: true, position: 'top', fontSize, fontColor: ink, lineHeight: fontSize + 4 },
    xAxis: {
      disableGrid: true,
      fontSize,
      fontColor: ink,
      axisLineColor: '#bfbfbf',
      rotateLabel: labels.rotate,
      // Only when thinning: uCharts calls the formatter without the index for turned labels.
      formatter: labels.step > 1 ? (label: string, index: number) => ((last - index) % labels.step === 0 ? label : '') : undefined,
    },
    yAxis: { gridType: 'dash', gridColor: '#e8e8e8', splitNumber: 4, data: [{ min: 0, max: axisTop(spec.series.flatMap((s) => s.data)), formatter: tickLabel, fontSize, fontColor: ink }] },
    extra: { column: { type: 'group', width: 10, seriesGap: 2 }, line: { type: 'straight', width: 2 } },
  })
}

/**
 * The canvas of one chart. `label` is what a screen reader hears instead of the picture (the table beside it
 * carries the figures). Redraws when the data, the width of the window or 长辈模式 changes.
 */
export function ChartCanvas({ id, spec, label, elder }: { id: string; spec: ChartSpec; label: string; elder: boolean }) {
  const windowWidth = useWindowWidth()
  const key = JSON.stringify(spec)
  useEffect(() => {
    let cancelled = false
    // After this render reaches the page (WeChat's setData, or the web component's first render).
    Taro.nextTick(() => {
      void findCanvas(id).then((found) => {
        if (!cancelled && found) draw(found, spec, elder)
      })
    })
    return () => {
      cancelled = true
    }
    // `key` stands for `spec`'s content: a new object with the same figures does not redraw.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, key, elder, windowWidth])
  return (
    <View className='chart-canvas' role='img' aria-label={label}>
      <Canvas type='2d' id={id} className='chart-canvas__canvas' />
    </View>
  )
}
