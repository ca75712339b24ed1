import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import PostWishPage from '../../src/packages/wish/post/index'
import { apiError, deferred, json, me, renderPage, useFakeApi } from './support'
import { pickFromAlbum, upload, wish } from './wish-fixtures'

const PATH = '/packages/wish/post/index'
const DRAFT_KEY = 'doorstep.wish-draft.1'
const api = useFakeApi()

const DESCRIPTION = '为什么需要、需要什么样的，方便志愿者准备'
const VALUE = '例如：80'

beforeEach(() => {
  api.on('GET /api/me', () => json(me()))
  Taro.setStorageSync('doorstep.session-token', 'token-1')
  // "Today" for the date picker.
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-17T10:00:00+08:00') })
})

/**
 * Renders the page and waits until the form can be typed into: Taro's Textarea is a web component that draws
 * its inner <textarea> a moment after React mounts it (no finger is that fast).
 */
async function openForm() {
  const page = renderPage(PostWishPage, PATH)
  await screen.findByText('提交心愿')
  await waitFor(() => expect(document.querySelector('taro-textarea-core textarea')).not.toBeNull())
  return page
}

/** Types into the text box with this placeholder (TextField) or label (TextArea), as the keyboard would. */
function type(field: string, value: string) {
  const input = document.querySelector<HTMLInputElement>(`input[placeholder="${field}"]`)
  if (input) return void fireEvent.input(input, { target: { value } })
  const area = document.querySelector(`taro-textarea-core[placeholder="${field}"]`)
  if (!area) throw new Error(`no field ${field}`)
  act(() => void area.dispatchEvent(new CustomEvent('input', { detail: { value }, bubbles: true })))
}

const TITLE_FIELD = '一句话说清想要什么，如：想要一台收音机'

/** The message under each field that has one, by field. */
function fieldErrors(): Record<string, string> {
  const out: Record<string, string> = {}
  document.querySelectorAll('.wish-form .form-error').forEach((el) => {
    const field = [...el.classList].find((c) => c.startsWith('form-error--'))!.slice('form-error--'.length)
    out[field] = el.textContent ?? ''
  })
  return out
}

/** Two pictures picked in the album; each upload answers with the next id from 501, its progress at 60 %. */
function pickAndUpload(held?: Promise<void>) {
  pickFromAlbum('blob:photo-a', 'blob:photo-b')
  let next = 501
  return vi.spyOn(Taro, 'uploadFile').mockImplementation(() => {
    const id = next++
    const answer = (held ?? Promise.resolve()).then(() => ({ statusCode: 201, data: JSON.stringify(upload(id)), errMsg: 'uploadFile:ok' }))
    return Object.assign(answer, { progress: (cb: (p: { progress: number; totalBytesSent: number; totalBytesExpectedToSend: number }) => void) => cb({ progress: 60, totalBytesSent: 60, totalBytesExpectedToSend: 100 }) }) as never
  })
}

/** Fills every field with good values (photos not included). */
function fillGoodForm() {
  fireEvent.click(screen.getByText('医疗健康'))
  type(TITLE_FIELD, '  想要一台助听器 ')
  type(DESCRIPTION, '老伴耳朵越来越背，想请好心人帮忙配一台助听器。')
  type(VALUE, '280')
  fireEvent.click(screen.getByText('电话联系'))
}

describe('发布心愿', () => {
  test('says what is missing or wrong under each field, and sends nothing until all is right', async () => {
    await openForm()
    fireEvent.click(screen.getByText('提交心愿'))

    expect(fieldErrors()).toEqual({
      category: '请选择心愿类别',
      title: '标题至少2个字',
      description: '请把心愿说得具体些（至少5个字）',
      value: '请填写估算价值（元），不需要花钱请填0',
      contactPreference: '请选择联系方式',
    })

    // Too long, and not a whole number.
    fireEvent.click(screen.getByText('助老'))
    type(TITLE_FIELD, '想'.repeat(31))
    type(DESCRIPTION, '字'.repeat(501))
    type(VALUE, '12.5')
    fireEvent.click(screen.getByText('由社区工作人员转达'))
    // Editing a field takes its message away until the next try.
    expect(fieldErrors()).toEqual({})
    expect(screen.getByText('31/30').className).toContain('field__counter--over')
    expect(screen.getByText('501/500').className).toContain('field__counter--over')
    fireEvent.click(screen.getByText('提交心愿'))
    expect(fieldErrors()).toEqual({ title: '标题最多30个字', description: '描述最多500个字', value: '请填写整数金额' })

    // Spaces do not count.
    type(TITLE_FIELD, ' 想 ')
    type(DESCRIPTION, '  想要  ')
    type(VALUE, '100001')
    fireEvent.click(screen.getByText('提交心愿'))
    expect(fieldErrors()).toEqual({ title: '标题至少2个字', description: '请把心愿说得具体些（至少5个字）', value: '金额最多100000元' })

    await new Promise((r) => setTimeout(r, 50))
    expect(api.calls('POST /api/wishes')).toHaveLength(0)
  })

  test('a good form sends exactly the contract body with an Idempotency-Key, forgets the draft and opens the new wish', async () => {
    const held = deferred<void>()
    const uploads = pickAndUpload(held.promise)
    api.on('POST /api/wishes', () => json(wish({ id: 77, status: 'pending', actions: ['withdraw'], mine: true }), 201))
    await openForm()

    fillGoodForm()
    fireEvent.click(screen.getByText('添加照片（还可添加3张）'))
    // Both pictures upload at once, each showing its progress.
    await waitFor(() => expect(screen.getAllByText('上传中 60%')).toHaveLength(2))
    expect(screen.getByText('照片上传中…')).toBeTruthy()
    held.resolve()
    await waitFor(() => expect(document.querySelectorAll('.photo-picker__remove')).toHaveLength(2))
    expect(screen.getByText('添加照片（还可添加1张）')).toBeTruthy()
    expect([...document.querySelectorAll('.photo-picker__image img')].map((img) => img.getAttribute('src'))).toEqual(['/api/files/photo-501.jpg?w=320', '/api/files/photo-502.jpg?w=320'])
    expect(uploads).toHaveBeenCalledTimes(2)
    expect(uploads.mock.calls[0]![0]).toMatchObject({ url: '/api/uploads?purpose=wish_photo', filePath: 'blob:photo-a', name: 'file', header: { authorization: 'Bearer token-1' } })

    // The date: the picker opens on today, 确定 takes it; 不限日期 would clear it again.
    fireEvent.click(screen.getByText('不限日期，点此选择'))
    fireEvent.click(await screen.findByText('确定'))
    expect(await screen.findByText('2026年11月17日')).toBeTruthy()
    expect(Taro.getStorageSync(DRAFT_KEY)).toMatchObject({ title: '  想要一台助听器 ', neededBy: '2026-11-17', photos: [upload(501), upload(502)] })

    fireEvent.click(screen.getByText('提交心愿'))
    await waitFor(() => expect(api.calls('POST /api/wishes')).toHaveLength(1))
    const [call] = api.calls('POST /api/wishes')
    expect(call!.body).toEqual({
      category: 'health',
      title: '想要一台助听器',
      description: '老伴耳朵越来越背，想请好心人帮忙配一台助听器。',
      photoIds: [501, 502],
      valueYuan: 280,
      contactPreference: 'phone',
      neededBy: '2026-11-17',
    })
    expect(call!.headers['idempotency-key']).toMatch(/^[0-9a-z]+-[0-9a-f]{16}$/)
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/wish/detail/index?id=77' }))
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已提交，等待社区审核' }))
    expect(Taro.getStorageSync(DRAFT_KEY)).toBe('')
  })

  test('a photo can be removed, and a failed upload says why without adding anything', async () => {
    pickFromAlbum('blob:photo-a')
    vi.spyOn(Taro, 'uploadFile')
      .mockImplementationOnce(() => Object.assign(Promise.resolve({ statusCode: 201, data: JSON.stringify(upload(501)), errMsg: 'uploadFile:ok' }), { progress: () => undefined }) as never)
      .mockImplementationOnce(
        () => Object.assign(Promise.resolve({ statusCode: 400, data: JSON.stringify({ code: 'UPLOAD_INVALID', message: '只能上传 JPG、PNG 或 WebP 格式的图片' }), errMsg: 'uploadFile:ok' }), { progress: () => undefined }) as never,
      )
    await openForm()
    fireEvent.click(screen.getByText('添加照片（还可添加3张）'))
    await waitFor(() => expect(document.querySelectorAll('.photo-picker__remove')).toHaveLength(1))

    fireEvent.click(screen.getByText('添加照片（还可添加2张）'))
    expect(await screen.findByText('照片上传失败：只能上传 JPG、PNG 或 WebP 格式的图片')).toBeTruthy()
    expect(document.querySelectorAll('.photo-picker__remove')).toHaveLength(1)

    fireEvent.click(screen.getByText('删除'))
    expect(document.querySelectorAll('.photo-picker__item')).toHaveLength(0)
    expect(Taro.getStorageSync(DRAFT_KEY)).toMatchObject({ photos: [] })
  })

  test("the server's verdicts land on their fields; what belongs to no field is said above the button", async () => {
    api.once('POST /api/wishes', () =>
      json(
        {
          code: 'VALIDATION_FAILED',
          message: '提交的内容有误，请检查后再试',
          details: [
            { path: 'body.title', message: '标题含有不适宜公开的内容' },
            { path: 'body.photoIds.1', message: '照片编号无效' },
          ],
        },
        400,
      ),
    )
    api.once('POST /api/wishes', () => apiError(400, 'WISH_VALUE_TOO_HIGH', '心愿价值不能超过300元'))
    api.once('POST /api/wishes', () => apiError(403, 'HOUSEHOLD_REQUIRED', '发布心愿需要先完成住户认证'))
    await openForm()
    fillGoodForm()

    fireEvent.click(screen.getByText('提交心愿'))
    await waitFor(() => expect(fieldErrors()).toEqual({ title: '标题含有不适宜公开的内容', photos: '照片编号无效' }))

    fireEvent.click(screen.getByText('提交心愿'))
    await waitFor(() => expect(fieldErrors()).toEqual({ value: '心愿价值不能超过300元' }))
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '心愿价值不能超过300元' }))

    fireEvent.click(screen.getByText('提交心愿'))
    expect(await screen.findByText('发布心愿需要先完成住户认证')).toBeTruthy()
    expect(document.querySelector('.wish-post__error')?.textContent).toBe('发布心愿需要先完成住户认证')
    expect(Taro.redirectTo).not.toHaveBeenCalled()
    // The draft is kept for the next try.
    expect(Taro.getStorageSync(DRAFT_KEY)).toMatchObject({ category: 'health', value: '280' })
  })

  test('the draft survives leaving the page: every field, the photos and the date come back', async () => {
    pickAndUpload()
    const first = await openForm()
    fillGoodForm()
    fireEvent.click(screen.getByText('添加照片（还可添加3张）'))
    await waitFor(() => expect(document.querySelectorAll('.photo-picker__remove')).toHaveLength(2))
    fireEvent.click(screen.getByText('不限日期，点此选择'))
    fireEvent.click(await screen.findByText('确定'))
    await screen.findByText('2026年11月17日')
    first.unmount()
    document.body.innerHTML = ''

    await openForm()
    expect(document.querySelector<HTMLInputElement>(`input[placeholder="${TITLE_FIELD}"]`)!.value).toBe('  想要一台助听器 ')
    expect(document.querySelector(`taro-textarea-core[placeholder="${DESCRIPTION}"]`)!.getAttribute('value')).toBe('老伴耳朵越来越背，想请好心人帮忙配一台助听器。')
    expect(document.querySelector<HTMLInputElement>(`input[placeholder="${VALUE}"]`)!.value).toBe('280')
    expect(screen.getByText('医疗健康').closest('.choice-buttons__item')!.className).toContain('choice-buttons__item--chosen')
    expect(screen.getByText('电话联系').closest('.choice-buttons__item')!.className).toContain('choice-buttons__item--chosen')
    expect([...document.querySelectorAll('.photo-picker__image img')].map((img) => img.getAttribute('src'))).toEqual(['/api/files/photo-501.jpg?w=320', '/api/files/photo-502.jpg?w=320'])
    expect(screen.getByText('2026年11月17日')).toBeTruthy()
    // Nothing was sent on the way.
    expect(api.calls('POST /api/wishes')).toHaveLength(0)
  })

  test('a draft from an earlier day whose date has passed is caught before sending', async () => {
    Taro.setStorageSync(DRAFT_KEY, {
      category: 'health',
      title: '想要一台助听器',
      description: '老伴耳朵越来越背，想请好心人帮忙配一台助听器。',
      photos: [],
      value: '280',
      contactPreference: 'phone',
      neededBy: '2026-11-16',
    })
    await openForm()
    expect(screen.getByText('2026年11月16日')).toBeTruthy()
    fireEvent.click(screen.getByText('提交心愿'))
    expect(fieldErrors()).toEqual({ neededBy: '希望完成日期不能早于今天' })

    fireEvent.click(screen.getByText('不限日期'))
    api.on('POST /api/wishes', () => json(wish({ id: 78, status: 'pending' }), 201))
    fireEvent.click(screen.getByText('提交心愿'))
    await waitFor(() => expect(api.calls('POST /api/wishes')).toHaveLength(1))
    expect(api.calls('POST /api/wishes')[0]!.body).toMatchObject({ neededBy: null })
  })

  test("another account on the same phone does not find someone else's draft", async () => {
    Taro.setStorageSync(DRAFT_KEY, { category: 'health', title: '别人的心愿', description: '', photos: [], value: '', contactPreference: null, neededBy: null })
    api.on('GET /api/me', () => json(me({ id: 2, name: '李志强' })))
    await openForm()
    expect(document.querySelector<HTMLInputElement>(`input[placeholder="${TITLE_FIELD}"]`)!.value).toBe('')
  })
})
