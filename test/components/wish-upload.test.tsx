/**
 * Picture uploads (src/services/uploads.ts over http.ts's uploadFile): what the photo pickers rely on. Taro's
 * uploadFile is faked per test (it is XMLHttpRequest in H5); the demo re-login goes through the fake API.
 */
import Taro from '@tarojs/taro'
import { describe, expect, test, vi } from 'vitest'
import { ApiError, apiUrl, NETWORK_ERROR_MESSAGE } from '../../src/services/http'
import { chooseImages, uploadImage } from '../../src/services/uploads'
import { json, session, useFakeApi } from './support'
import { pickFromAlbum } from './wish-fixtures'

const api = useFakeApi()

type UploadAnswer = { statusCode: number; data: string } | 'network-failure'

/** Answers each Taro.uploadFile with the next of `answers`, recording what was sent. */
function fakeUploads(...answers: UploadAnswer[]) {
  return vi.spyOn(Taro, 'uploadFile').mockImplementation(() => {
    const next = answers.shift()!
    const answer = next === 'network-failure' ? Promise.reject({ errMsg: 'uploadFile:fail' }) : Promise.resolve({ ...next, errMsg: 'uploadFile:ok' })
    return Object.assign(answer, { progress: (cb: (p: { progress: number }) => void) => cb({ progress: 100 }) }) as never
  })
}

const rejection = (p: Promise<unknown>) => p.then(() => Promise.reject(new Error('expected a failure')), (err: ApiError) => err)

describe('uploading a picture', () => {
  test('sends the file as `file` with the session to /api/uploads?purpose=…, reports progress and answers the parsed JSON', async () => {
    Taro.setStorageSync('doorstep.session-token', 'token-1')
    const upload = fakeUploads({ statusCode: 201, data: '{"id":7,"url":"/api/files/ab.jpg"}' })
    const progress: number[] = []
    expect(await uploadImage('blob:x', 'proof_photo', (p) => progress.push(p))).toEqual({ id: 7, url: '/api/files/ab.jpg' })
    expect(upload.mock.calls[0]![0]).toMatchObject({ url: '/api/uploads?purpose=proof_photo', filePath: 'blob:x', name: 'file', header: { authorization: 'Bearer token-1' } })
    expect(progress).toEqual([100])
  })

  test("a refusal becomes an ApiError in the server's words; a body that is not JSON, a generic one", async () => {
    fakeUploads(
      { statusCode: 400, data: '{"code":"UPLOAD_INVALID","message":"只能上传 JPG、PNG 或 WebP 格式的图片"}' },
      { statusCode: 413, data: '<html>Request Entity Too Large</html>' },
      'network-failure',
    )
    const invalid = await rejection(uploadImage('blob:x', 'wish_photo'))
    expect([invalid.code, invalid.status, invalid.message]).toEqual(['UPLOAD_INVALID', 400, '只能上传 JPG、PNG 或 WebP 格式的图片'])
    const tooLarge = await rejection(uploadImage('blob:x', 'wish_photo'))
    expect([tooLarge.code, tooLarge.status, tooLarge.message]).toEqual(['PAYLOAD_TOO_LARGE', 413, '提交的内容太大'])
    const lost = await rejection(uploadImage('blob:x', 'wish_photo'))
    expect([lost.code, lost.message]).toEqual(['NETWORK_ERROR', NETWORK_ERROR_MESSAGE])
  })

  test('an expired session logs in again once and sends the file again with the new token', async () => {
    Taro.setStorageSync('doorstep.session-token', 'expired')
    Taro.setStorageSync('doorstep.demo-persona', 'resident')
    api.on('POST /api/auth/demo', () => json(session('fresh')))
    const upload = fakeUploads({ statusCode: 401, data: '{"code":"SESSION_EXPIRED","message":"登录已过期，请重新登录"}' }, { statusCode: 201, data: '{"id":8,"url":"/api/files/cd.jpg"}' })

    expect(await uploadImage('blob:x', 'wish_photo')).toEqual({ id: 8, url: '/api/files/cd.jpg' })
    expect(upload.mock.calls.map((c) => (c[0] as { header: Record<string, string> }).header.authorization)).toEqual(['Bearer expired', 'Bearer fresh'])
    expect(api.calls('POST /api/auth/demo')).toHaveLength(1)
  })

  test('picking: compressed pictures from album or camera; cancelling picks nothing and says nothing', async () => {
    const choose = pickFromAlbum('blob:a', 'blob:b')
    expect(await chooseImages(2)).toEqual(['blob:a', 'blob:b'])
    expect(choose.mock.calls[0]![0]).toMatchObject({ count: 2, mediaType: ['image'], sizeType: ['compressed'] })

    pickFromAlbum()
    expect(await chooseImages(1)).toEqual([])
    expect(Taro.showToast).not.toHaveBeenCalled()
  })

  test('file URLs the API gives are relative to it; absolute ones are left alone', () => {
    // The H5 build is served by the API itself: its base is the page's own origin.
    expect(apiUrl('/api/files/ab.jpg')).toBe('/api/files/ab.jpg')
    expect(apiUrl('https://cdn.example.com/x.jpg')).toBe('https://cdn.example.com/x.jpg')
    expect(apiUrl('wxfile://tmp/x.jpg')).toBe('wxfile://tmp/x.jpg')
  })
})
