import Taro from '@tarojs/taro'
import type { ErrorCode } from '../../types/api/errors'
import { apiUrl, ApiError, NETWORK_ERROR_MESSAGE, recoverSession } from './http'
import { session } from './session'

/*
 * Files the API serves only with the session (a certificate's PDF, the 台账 template): in the mini-program they are
 * downloaded with the Authorization header and shown by WeChat's document viewer (which can forward them); on the
 * web they are fetched with the header and opened (a PDF, in a new tab) or saved (anything else). A lapsed session
 * is renewed once, as `request` does.
 */

type DocumentKind = { fileType: 'pdf' | 'xlsx'; mime: string }
export const PDF: DocumentKind = { fileType: 'pdf', mime: 'application/pdf' }
export const XLSX: DocumentKind = { fileType: 'xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }

/** Opens the file at an API path; `failed` is what the user is told when the server cannot give it. */
export async function openApiDocument(path: string, kind: DocumentKind, fileName: string, failed: string): Promise<void> {
  if (process.env.TARO_ENV === 'h5') return openInBrowser(path, kind, fileName, failed)
  const filePath = await withFreshSession(() => download(path, failed))
  await Taro.openDocument({ filePath, fileType: kind.fileType, showMenu: true })
}

/**
 * Downloads a file the API serves only with the session (e.g. a private photo) to where the platform can show it:
 * the mini-program's temporary file, or on the web an object URL the caller revokes when done. `failed` is what
 * the user is told when the server cannot give it.
 */
export async function downloadApiFile(path: string, failed: string): Promise<string> {
  if (process.env.TARO_ENV === 'h5') return URL.createObjectURL(await withFreshSession(() => fetchFile(path, failed)))
  return withFreshSession(() => download(path, failed))
}

function authHeader(): Record<string, string> {
  const token = session.token()
  return token ? { authorization: `Bearer ${token}` } : {}
}

async function withFreshSession<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) throw err
    if (!(await recoverSession(err).catch(() => false))) throw err
    return call()
  }
}

function failure(status: number, failed: string): ApiError {
  return status === 401 ? new ApiError('UNAUTHENTICATED', '请先登录', 401) : new ApiError('INTERNAL', failed, status)
}

async function download(path: string, failed: string): Promise<string> {
  let result: Taro.downloadFile.FileSuccessCallbackResult
  try {
    result = await Taro.downloadFile({ url: apiUrl(path), header: authHeader() })
  } catch {
    throw new ApiError('NETWORK_ERROR', NETWORK_ERROR_MESSAGE, 0)
  }
  if (result.statusCode !== 200) throw failure(result.statusCode, failed)
  return result.tempFilePath
}

async function fetchFile(path: string, failed: string): Promise<Blob> {
  let response: Response
  try {
    response = await fetch(apiUrl(path), { method: 'GET', headers: authHeader() })
  } catch {
    throw new ApiError('NETWORK_ERROR', NETWORK_ERROR_MESSAGE, 0)
  }
  if (!response.ok) {
    // The API's own refusal ({code, message}) is shown as it is, e.g. a certificate that is not the caller's.
    const body = (await response.json().catch(() => null)) as { code?: ErrorCode; message?: string } | null
    throw body?.code && body.message ? new ApiError(body.code, body.message, response.status) : failure(response.status, failed)
  }
  return response.blob()
}

async function openInBrowser(path: string, kind: DocumentKind, fileName: string, failed: string): Promise<void> {
  // A PDF opens in a tab opened while the tap is still being handled, else browsers block it as a pop-up.
  const tab = kind === PDF ? window.open('', '_blank') : null
  let blob: Blob
  try {
    blob = await withFreshSession(() => fetchFile(path, failed))
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
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
