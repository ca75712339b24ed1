import Taro from '@tarojs/taro'
import { MINUTE_MS } from '../../types/time'
import { downloadBlob, downloadFile } from './http'

/*
 * Files the API serves only with the session (a certificate's PDF, the 台账 template): in the mini-program they are
 * downloaded with the Authorization header and shown by WeChat's document viewer (which can forward them); on the
 * web they are fetched with the header and opened (a PDF, in a new tab) or saved (anything else). The transport,
 * with its session handling, is http.ts's.
 */

type DocumentKind = { fileType: 'pdf' | 'xlsx'; mime: string }
export const PDF: DocumentKind = { fileType: 'pdf', mime: 'application/pdf' }
export const XLSX: DocumentKind = { fileType: 'xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }

/** Opens the file at an API path; `failed` is what the user is told when the server cannot give it. */
export async function openApiDocument(path: string, kind: DocumentKind, fileName: string, failed: string): Promise<void> {
  if (process.env.TARO_ENV === 'h5') return openInBrowser(path, kind, fileName, failed)
  const filePath = await downloadFile(path, failed)
  await Taro.openDocument({ filePath, fileType: kind.fileType, showMenu: true })
}

/**
 * Downloads a file the API serves only with the session (e.g. a private photo) to where the platform can show it:
 * the mini-program's temporary file, or on the web an object URL the caller revokes when done. `failed` is what
 * the user is told when the server cannot give it.
 */
export async function downloadApiFile(path: string, failed: string): Promise<string> {
  if (process.env.TARO_ENV === 'h5') return URL.createObjectURL(await downloadBlob(path, failed))
  return downloadFile(path, failed)
}

async function openInBrowser(path: string, kind: DocumentKind, fileName: string, failed: string): Promise<void> {
  // A PDF opens in a tab opened while the tap is still being handled, else browsers block it as a pop-up.
  const tab = kind === PDF ? window.open('', '_blank') : null
  let blob: Blob
  try {
    blob = await downloadBlob(path, failed)
  } catch (err) {
    tab?.close()
    throw err
  }
  const url = URL.createObjectURL(blob.type === kind.mime ? blob : new Blob([blob], { type: kind.mime }))
  if (tab) {
    tab.location.href = url
  } else {
    const link = document.createElement('a')
    link.href = url
    link.download = fileName
    link.click()
  }
  // The tab or the download has it by then; the URL only keeps the file in memory.
  setTimeout(() => URL.revokeObjectURL(url), MINUTE_MS)
}
