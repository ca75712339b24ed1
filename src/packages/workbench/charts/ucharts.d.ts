/* The part of uCharts 2.5 (@qiun/ucharts, which ships no types) that the workbench's charts use. */
declare module '@qiun/ucharts' {
  export type UChartsOptions = {
    type: 'column' | 'line'
    context: CanvasRenderingContext2D
    /** A Canvas 2D context (WeChat's `type="2d"` canvas, or a browser's), not the old canvas-id API. */
    canvas2d?: boolean
    /** In device pixels (the canvas' backing size); fonts and paddings are scaled by pixelRatio. */
    width: number
    height: number
    pixelRatio?: number
    categories: string[]
    series: { name: string; data: number[]; color?: string }[]
    color?: string[]
    background?: string
    animation?: boolean
    fontSize?: number
    fontColor?: string
    padding?: number[]
    dataLabel?: boolean
    dataPointShape?: boolean
    legend?: Record<string, unknown>
    xAxis?: Record<string, unknown>
    yAxis?: Record<string, unknown>
    extra?: Record<string, unknown>
  }
  export default class UCharts {
    constructor(options: UChartsOptions)
  }
}
