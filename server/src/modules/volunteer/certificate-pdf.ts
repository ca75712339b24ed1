import { existsSync } from 'node:fs'
import PDFDocument from 'pdfkit'
import type { Certificate } from '../../../../types/api/volunteer'
import { chinaTime } from '../../../../types/time'
import { AppError } from '../../http/app-error'

/**
 * The printable 志愿服务证明 (A4): holder, total hours, every record it covers (date, activity, organiser, hours,
 * confirmed by) as 《志愿服务记录与证明出具办法》 asks, the number and the verification code. The text is set in
 * a CJK font from the server's disk (CERTIFICATE_FONT) — PDF's standard fonts have no Chinese.
 */
export async function renderCertificatePdf(c: Certificate, fontPath: string): Promise<Buffer> {
  if (!existsSync(fontPath)) {
    throw new AppError('SERVICE_UNAVAILABLE', { message: '证明 PDF 暂时无法生成，请先使用证明页面打印', cause: new Error(`certificate font missing: ${fontPath}`) })
  }
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `志愿服务证明 ${c.number}`, Author: c.issuer } })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  // A .ttc holds several faces: pdfkit picks one by its PostScript name.
  doc.registerFont('cjk', fontPath, fontPath.endsWith('.ttc') ? 'WenQuanYiMicroHei' : undefined)
  doc.font('cjk')

  doc.fontSize(24).text('志愿服务证明', { align: 'center' })
  doc.moveDown(0.3).fontSize(11).fillColor('#555').text(c.number, { align: 'center' }).fillColor('#000')
  doc.moveDown(1.2).fontSize(13)
  doc.text(`兹证明 ${c.holderName} 同志参加志愿服务 ${c.records.length} 次，经组织者确认的服务时长累计 ${c.totalHours} 小时。具体记录如下：`, { lineGap: 6 })
  doc.moveDown(0.8)

  const columns = [
    { title: '日期', width: 78 },
    { title: '活动', width: 170 },
    { title: '组织者', width: 110 },
    { title: '时长（小时）', width: 66 },
    { title: '确认人', width: 60 },
  ]
  const left = doc.page.margins.left
  const row = (cells: string[], bold = false) => {
    const y = doc.y
    let x = left
    let height = 0
    doc.fontSize(bold ? 11 : 10)
    cells.forEach((text, i) => {
      const width = columns[i]!.width
      height = Math.max(height, doc.heightOfString(text, { width: width - 6 }))
      doc.text(text, x, y, { width: width - 6 })
      x += width
    })
    doc.y = y + height + 6
    doc.moveTo(left, doc.y - 3).lineTo(left + columns.reduce((t, col) => t + col.width, 0), doc.y - 3).strokeColor('#ccc').stroke()
    if (doc.y > doc.page.height - 140) doc.addPage()
  }
  row(columns.map((col) => col.title), true)
  for (const r of c.records) row([r.date, r.activityTitle, r.organiser, String(r.hours), r.confirmedBy])

  doc.x = left
  doc.moveDown(1.5).fontSize(12)
  doc.text(`出具单位：${c.issuer}`)
  doc.text(`出具日期：${chinaTime(c.issuedAt).format('YYYY年M月D日')}`)
  doc.moveDown(0.8).fontSize(10).fillColor('#555')
  doc.text(`验证码：${c.verificationCode}　任何人可在“家门口”小程序或 /api/certificates/${c.verificationCode} 核验本证明的真实性。`)
  doc.text('本证明依据《志愿服务记录与证明出具办法》出具，服务时长以组织者确认的记录为准。')
  doc.end()
  return done
}
