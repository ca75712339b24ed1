import Taro from '@tarojs/taro'
import type { AccountDeletionCheck, PersonalDataExport } from '../../types/api/privacy'
import { MINUTE_MS } from '../../types/time'
import { ApiError, request } from './http'

/*
 * 个人信息 (PIPL): what the service holds about me, exported as a file; deleting the account. The admin's log of
 * staff sightings of personal data is staff/privacy.ts's.
 */

export const privacyKeys = {
  all: ['privacy'] as const,
  personalData: ['privacy', 'personal-data'] as const,
  deletionCheck: ['privacy', 'account-deletion'] as const,
  accessLog: (personId: number | null) => ['privacy', 'access-log', personId] as const,
}

export function getPersonalData() {
  return request<PersonalDataExport>('/api/me/personal-data')
}

export function getAccountDeletionCheck() {
  return request<AccountDeletionCheck>('/api/me/account-deletion')
}

/** Deletes the signed-in account; the server answers 409 ACCOUNT_HAS_OPEN_COMMITMENTS while anything is open. */
export function deleteAccount(confirmation: string, idempotencyKey?: string) {
  return request<void>('/api/me', { method: 'DELETE', body: { confirmation }, idempotencyKey })
}

/* ----------------------------------------------------------------- the export as a file */

export const PERSONAL_DATA_FILE_NAME = '家门口-个人信息.json'

const SAVE_FAILED = '文件保存失败，请稍后再试'

/**
 * Saves the export as a JSON file. In WeChat it is written to the mini-program's own folder and its path
 * returned, to be sent to a chat (sharePersonalDataFile: WeChat allows that only from a tap, so it is a second
 * button). On the web the browser downloads it, and there is no path.
 */
export async function savePersonalDataFile(data: PersonalDataExport): Promise<string | null> {
  const text = JSON.stringify(data, null, 2)
  if (process.env.TARO_ENV === 'h5') {
    downloadInBrowser(text)
    return null
  }
  const filePath = `${Taro.env.USER_DATA_PATH}/${PERSONAL_DATA_FILE_NAME}`
  try {
    await new Promise<void>((resolve, reject) => {
      Taro.getFileSystemManager().writeFile({ filePath, data: text, encoding: 'utf8', success: () => resolve(), fail: reject })
    })
  } catch {
    throw new ApiError('INTERNAL', SAVE_FAILED, 0)
  }
  return filePath
}

function downloadInBrowser(text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = PERSONAL_DATA_FILE_NAME
  document.body.appendChild(link)
  link.click()
  link.remove()
  // The download has started by then; the URL only keeps the text in memory.
  setTimeout(() => URL.revokeObjectURL(url), MINUTE_MS)
}

/**
 * Opens WeChat's chat picker to send the saved file (to 文件传输助手, to reach a computer). Call it straight from
 * a tap. Resolves false when the user closed the picker. (With callbacks: Taro 4.2 does not promisify it.)
 */
export function sharePersonalDataFile(filePath: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    try {
      Taro.shareFileMessage({
        filePath,
        fileName: PERSONAL_DATA_FILE_NAME,
        success: () => resolve(true),
        fail: (err: { errMsg?: string }) => ((err?.errMsg ?? '').includes('cancel') ? resolve(false) : reject(err)),
      })
    } catch (err) {
      reject(err)
    }
  })
}
