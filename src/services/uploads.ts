import Taro from '@tarojs/taro'
import type { z } from 'zod'
import type { Upload, ZUploadQuery } from '../../types/api/wishes'
import { uploadFile } from './http'

export type UploadPurpose = z.infer<typeof ZUploadQuery>['purpose']

/**
 * Lets the user pick up to `count` pictures (album or camera), compressed: WeChat's own compression first
 * (sizeType), then compressImage at quality 70 where the platform has it (not H5). Resolves the local paths,
 * [] when the user cancels. (The server refuses files over 5 MB and anything but JPEG, PNG and WebP.)
 */
export async function chooseImages(count: number): Promise<string[]> {
  let picked: Taro.chooseMedia.SuccessCallbackResult
  try {
    // With callbacks: Taro 4.2 does not promisify chooseMedia for weapp (it passes the call through, and only
    // base libraries ≥ 2.10.2 answer a promise then).
    picked = await new Promise((resolve, reject) => {
      void Taro.chooseMedia({ count, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'], success: resolve, fail: reject })
    })
  } catch (err) {
    const message = (err as { errMsg?: string } | undefined)?.errMsg ?? ''
    if (!message.includes('cancel')) void Taro.showToast({ title: '无法打开相册，请检查权限设置', icon: 'none', duration: 2500 })
    return []
  }
  const paths: string[] = []
  for (const file of picked.tempFiles.slice(0, count)) paths.push(await compress(file.tempFilePath))
  return paths
}

async function compress(path: string): Promise<string> {
  // H5 has no compressImage (its stand-in "succeeds" without a file).
  if (process.env.TARO_ENV === 'h5') return path
  try {
    return (await Taro.compressImage({ src: path, quality: 70 })).tempFilePath || path
  } catch {
    return path
  }
}

/** Sends a picked picture. Its `url` is relative to the API: show it with apiUrl(url) (null for a private one). */
export function uploadImage(path: string, purpose: UploadPurpose, onProgress?: (percent: number) => void): Promise<Upload> {
  return uploadFile<Upload>('/api/uploads', path, { query: { purpose }, onProgress })
}

/**
 * The 320 px wide list thumbnail the server keeps of every public picture (`?w=320` on its address; pictures from
 * before thumbnails existed answer themselves). For small previews: a grid, a list row.
 */
export function thumbnailUrl(url: string): string {
  return `${url}?w=320`
}
