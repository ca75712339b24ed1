import { once } from 'node:events'
import type { Writable } from 'node:stream'
import ExcelJS from 'exceljs'
import { chinaTime } from '../../../../types/time'

/*
 * One worksheet written row by row into a stream with exceljs's streaming writer: a title row, a frozen header row,
 * then the rows as batches arrive. Only the batch being written and exceljs's compression window are in memory,
 * and the next batch is asked for only once the reader has taken what was written (backpressure), so a slow
 * download does not pile the sheet up in the server.
 */

export type XlsxCell = string | number | null
export type XlsxColumn<R> = {
  header: string
  /** In characters (a Chinese character counts about 2). */
  width: number
  value: (row: R) => XlsxCell
}
export type XlsxSheet<R> = {
  /** The worksheet's tab (at most 31 characters, no []:*?/\). */
  name: string
  /** The first row, across all columns: what the sheet is, of whom, for which days. */
  title: string
  columns: XlsxColumn<R>[]
}

/** 2026-11-22 09:30 in China time, or empty. */
export function chinaDateTimeText(at: Date | null): string {
  return at ? chinaTime(at).format('YYYY-MM-DD HH:mm') : ''
}

/** 09:30 in China time. */
export function chinaClockText(at: Date): string {
  return chinaTime(at).format('HH:mm')
}

/** Waits until the reader has taken what was written, or the stream is gone. */
async function drained(out: Writable): Promise<void> {
  if (!out.writableNeedDrain || out.destroyed) return
  await Promise.race([once(out, 'drain'), once(out, 'close')])
}

/**
 * Writes the sheet into `out` and ends it; answers how many rows were written. Stops without finishing the file
 * when `out` is destroyed (the client went away). A failure of `batches` rejects; the caller destroys `out`.
 */
export async function writeXlsx<R>(out: Writable, sheet: XlsxSheet<R>, batches: AsyncIterable<R[]>): Promise<{ rows: number; completed: boolean }> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 2 }] })
  worksheet.columns = sheet.columns.map((c) => ({ width: c.width }))

  const title = worksheet.addRow([sheet.title])
  title.font = { bold: true, size: 14 }
  title.height = 24
  worksheet.mergeCells(1, 1, 1, sheet.columns.length)
  title.commit()
  const header = worksheet.addRow(sheet.columns.map((c) => c.header))
  header.font = { bold: true }
  header.alignment = { vertical: 'middle', horizontal: 'center' }
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } }
    cell.border = { bottom: { style: 'thin' } }
  })
  header.commit()

  let rows = 0
  for await (const batch of batches) {
    if (out.destroyed) return { rows, completed: false }
    for (const r of batch) worksheet.addRow(sheet.columns.map((c) => c.value(r) ?? '')).commit()
    rows += batch.length
    await drained(out)
    if (out.destroyed) return { rows, completed: false }
  }
  if (out.destroyed) return { rows, completed: false }
  worksheet.commit()
  // The reader may leave while the last parts are zipped: then the file never finishes, and that is the end of it.
  const gone = new Promise<void>((resolve) => out.once('close', () => resolve()))
  await Promise.race([workbook.commit(), gone])
  return { rows, completed: out.writableFinished }
}
