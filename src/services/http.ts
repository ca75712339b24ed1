import Taro from '@tarojs/taro'
import type { ErrorCode, ErrorResponse, FieldIssue } from '../../types/api/errors'
import type { RefreshResponse, SessionResponse } from '../../types/api/auth'
import { session } from './session'
import { now } from '../utils/clock'

/** H5 is served by the API itself; the WeChat build calls the configured HTTPS domain. */
const API_BASE = process.env.TARO_ENV === 'h5' ? '' : (process.env.TARO_APP_API_BASE ?? '')

/** What a failed call tells the page: the server's code and its Chinese message, ready for a Toast. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'NETWORK_ERROR',
    message: string,
    readonly status: number,
    readonly details?: FieldIssue[],
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export const NETWORK_ERROR_MESSAGE = '网络不太好，请检查网络后重试'

type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  query?: Record<string, string | number | undefined>
  body?: unknown
  /**
   * Sent on every write so that a retry after a lost reply does not act twice. Pass one (newIdempotencyKey) that
   * lives as long as the user's action — e.g. one per form submission, reused if they press again after a
   * failure; otherwise each call gets its own, which still covers this call's own retries.
   */
  idempotencyKey?: string
  /** Public endpoints (login) do not carry the session. */
  auth?: boolean
  /** false: a 401 is the answer, no refresh or login follows (logout). */
  renew?: boolean
}

/** A random key per logical write; retries of that write reuse it. */
export function newIdempotencyKey(): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('')
  return `${now().getTime().toString(36)}-${hex(16)}`
}

const RETRY_DELAYS_MS = [400, 1200]
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function buildUrl(path: string, query?: RequestOptions['query']) {
  const params = Object.entries(query ?? {}).filter(([, v]) => v !== undefined && v !== '')
  const qs = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`
}

async function send<T>(path: string, options: RequestOptions): Promise<T> {
  const method = options.method ?? 'GET'
  const header: Record<string, string> = { 'content-type': 'application/json' }
  const token = options.auth === false ? null : session.token()
  if (token) header.authorization = `Bearer ${token}`
  if (options.idempotencyKey) header['idempotency-key'] = options.idempotencyKey
  // A request that never got an answer is retried only when repeating it is harmless.
  const retryable = method === 'GET' || Boolean(options.idempotencyKey)
  for (let attempt = 0; ; attempt++) {
    let response: Taro.request.SuccessCallbackResult<Record<string, unknown>>
    try {
      response = await Taro.request({ url: buildUrl(path, options.query), method, header, data: options.body as object, timeout: 15000 })
    } catch {
      if (retryable && attempt < RETRY_DELAYS_MS.length) {
        await sleep(RETRY_DELAYS_MS[attempt]!)
        continue
      }
      throw new ApiError('NETWORK_ERROR', NETWORK_ERROR_MESSAGE, 0)
    }
    if (response.statusCode >= 200 && response.statusCode < 300) return response.data as T
    throw failure(response.statusCode, response.data)
  }
}

/** A non-2xx answer as the ApiError the pages show: the server's code and message when it sent them. */
function failure(status: number, data: unknown): ApiError {
  const body = data as Partial<ErrorResponse> | undefined
  if (body && typeof body === 'object' && body.code && body.message) return new ApiError(body.code, body.message, status, body.details)
  if (status === 413) return new ApiError('PAYLOAD_TOO_LARGE', '提交的内容太大', status)
  return new ApiError('INTERNAL', '服务器开小差了，请稍后再试', status)
}

/** Logs in again without asking: wx.login in the mini-program, the remembered persona in the H5 demo. */
export async function silentLogin(): Promise<boolean> {
  let result: SessionResponse
  if (process.env.TARO_ENV === 'weapp') {
    const { code } = await Taro.login()
    result = await send<SessionResponse>('/api/auth/wechat', { method: 'POST', body: { code }, auth: false })
  } else {
    const persona = session.demoPersona()
    if (!persona) return false
    result = await send<SessionResponse>('/api/auth/demo', { method: 'POST', body: { persona }, auth: false })
  }
  session.save(result)
  return true
}

/**
 * Exchanges the refresh token for a new pair. Sent once, never retried: the server takes a refresh token only
 * once, and repeating one whose answer was lost would end the session (a login follows instead).
 */
async function refreshSession(): Promise<boolean> {
  const refreshToken = session.refreshToken()
  if (!refreshToken) return false
  try {
    session.save(await send<RefreshResponse>('/api/auth/refresh', { method: 'POST', body: { refreshToken }, auth: false }))
    return true
  } catch {
    return false
  }
}

let refreshInFlight: Promise<boolean> | null = null
let loginInFlight: Promise<boolean> | null = null

/**
 * After a 401 from a call that carried the session: an expired access token is renewed with the refresh token
 * (all concurrent calls share that one refresh); when that is not possible, the session is forgotten and a
 * silent login starts one (shared too). True when the call may be repeated with the new session.
 */
async function recoverSession(failure: ApiError): Promise<boolean> {
  if (failure.code === 'SESSION_EXPIRED' && session.refreshToken()) {
    refreshInFlight ??= refreshSession().finally(() => {
      refreshInFlight = null
    })
    if (await refreshInFlight) return true
  }
  session.end()
  loginInFlight ??= silentLogin().finally(() => {
    loginInFlight = null
  })
  return loginInFlight
}

/**
 * Calls the API. On 401 it renews the session once — a refresh for an expired access token, else a silent
 * login — and repeats the call; every other failure becomes an ApiError carrying the server's message.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const write = (options.method ?? 'GET') !== 'GET'
  if (write && !options.idempotencyKey) options = { ...options, idempotencyKey: newIdempotencyKey() }
  return withSession(() => send<T>(path, options), options.auth !== false && options.renew !== false)
}

/** Runs a call; on 401 renews the session once (recoverSession) and runs it again. */
async function withSession<T>(call: () => Promise<T>, auth: boolean): Promise<T> {
  try {
    return await call()
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401 || !auth) throw err
    if (!(await recoverSession(err))) throw err
    return call()
  }
}

/** A URL the API returned (e.g. /api/files/ab12.jpg, relative to the API) as <Image> needs it. */
export function apiUrl(url: string): string {
  return /^[a-z]+:/i.test(url) || url.startsWith('//') ? url : `${API_BASE}${url}`
}

type UploadOptions = {
  query?: RequestOptions['query']
  /** 0–100 while the file is sent. */
  onProgress?: (percent: number) => void
}

/**
 * Sends one local file (a temp path from chooseMedia) as multipart/form-data in the field `file`, with the
 * session, and answers the parsed JSON like `request`: non-2xx become ApiError, a 401 logs in again once.
 * Not retried on its own: a lost reply leaves at most an unused upload behind, and the user can add it again.
 */
export function uploadFile<T>(path: string, filePath: string, options: UploadOptions = {}): Promise<T> {
  return withSession(() => sendFile<T>(path, filePath, options), true)
}

async function sendFile<T>(path: string, filePath: string, options: UploadOptions): Promise<T> {
  const header = authHeader()
  let response: Taro.uploadFile.SuccessCallbackResult
  try {
    const task = Taro.uploadFile({ url: buildUrl(path, options.query), filePath, name: 'file', header, timeout: 60000 })
    if (options.onProgress) task.progress?.((p) => options.onProgress!(p.progress))
    response = await task
  } catch {
    throw new ApiError('NETWORK_ERROR', NETWORK_ERROR_MESSAGE, 0)
  }
  // uploadFile answers the body as text, whatever its type.
  let data: unknown = response.data
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data)
    } catch {
      data = undefined
    }
  }
  if (response.statusCode >= 200 && response.statusCode < 300 && data && typeof data === 'object') return data as T
  throw failure(response.statusCode, data)
}

/**
 * Files the API serves only with the session (a certificate's PDF, a private photo), fetched like `request`: with
 * the session, renewed once on 401. `failed` is what the user is told when the server cannot give the file
 * without saying why. In the mini-program WeChat saves the file and this answers its temporary path.
 */
export function downloadFile(path: string, failed: string): Promise<string> {
  return withSession(() => saveFile(path, failed), true)
}

/** On the web: the file itself, for the page to open or save. */
export function downloadBlob(path: string, failed: string): Promise<Blob> {
  return withSession(() => fetchBlob(path, failed), true)
}

function authHeader(): Record<string, string> {
  const token = session.token()
  return token ? { authorization: `Bearer ${token}` } : {}
}

/** A refused download: the server's own words when it sent them, else `failed`. */
function downloadFailure(status: number, data: unknown, failed: string): ApiError {
  const body = data as Partial<ErrorResponse> | null
  if (body?.code && body.message) return new ApiError(body.code, body.message, status)
  return status === 401 ? new ApiError('UNAUTHENTICATED', '请先登录', 401) : new ApiError('INTERNAL', failed, status)
}

async function saveFile(path: string, failed: string): Promise<string> {
  let result: Taro.downloadFile.FileSuccessCallbackResult
  try {
    result = await Taro.downloadFile({ url: apiUrl(path), header: authHeader() })
  } catch {
    throw new ApiError('NETWORK_ERROR', NETWORK_ERROR_MESSAGE, 0)
  }
  // WeChat writes a refusal's body to the file too: its JSON carries the server's words (e.g. 导出超过上限).
  if (result.statusCode !== 200) throw downloadFailure(result.statusCode, await readJsonFile(result.tempFilePath), failed)
  return result.tempFilePath
}

/** The file's JSON, or null when it is none (the file manager's methods take callbacks, not promises). */
function readJsonFile(filePath: string): Promise<unknown> {
  return new Promise((resolve) => {
    Taro.getFileSystemManager().readFile({
      filePath,
      encoding: 'utf8',
      success: ({ data }) => {
        try {
          resolve(JSON.parse(String(data)))
        } catch {
          resolve(null)
        }
      },
      fail: () => resolve(null),
    })
  })
}

async function fetchBlob(path: string, failed: string): Promise<Blob> {
  let response: Response
  try {
    response = await fetch(apiUrl(path), { method: 'GET', headers: authHeader() })
  } catch {
    throw new ApiError('NETWORK_ERROR', NETWORK_ERROR_MESSAGE, 0)
  }
  if (!response.ok) throw downloadFailure(response.status, await response.json().catch(() => null), failed)
  return response.blob()
}

/** Shows a failure the way the whole app does: the server's own words in a Toast. */
export function showError(err: unknown) {
  const message = err instanceof ApiError ? err.message : NETWORK_ERROR_MESSAGE
  void Taro.showToast({ title: message, icon: 'none', duration: 2500 })
}
