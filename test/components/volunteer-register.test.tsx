import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import VolunteerRegisterPage from '../../src/packages/volunteer/register/index'
import { apiError, json, renderPage, useFakeApi } from './support'
import { profile, unregistered } from './volunteer-fixtures'

const PATH = '/packages/volunteer/register/index'
const CONSENT = '《志愿者服务承诺与个人信息使用说明》'
const api = useFakeApi()

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
  vi.spyOn(Taro, 'navigateBack').mockResolvedValue({ errMsg: 'navigateBack:ok' })
})

const errors = () => [...document.querySelectorAll('.volunteer-register .form-error')].map((el) => el.textContent)
const type = (placeholder: string, value: string) => fireEvent.input(screen.getByPlaceholderText(placeholder), { target: { value } })
const skills = () => document.querySelector('.volunteer-register__skills') as HTMLElement
const availability = () => document.querySelector('.volunteer-register__availability') as HTMLElement
const tick = () => fireEvent.click(document.querySelector('.volunteer-consent__tick')!)

/** Fires what WeChat's phone button fires in the mini-program (H5 has no such event to dispatch). */
function pressWeChatPhoneButton(detail: { code?: string; errMsg: string }) {
  const button = document.querySelector('.phone-field__wechat')!
  const propsKey = Object.keys(button).find((k) => k.startsWith('__reactProps$'))!
  const props = (button as unknown as Record<string, { onGetPhoneNumber: (e: { detail: typeof detail }) => void }>)[propsKey]!
  act(() => props.onGetPhoneNumber({ detail }))
}

async function openForm() {
  const page = renderPage(VolunteerRegisterPage, PATH)
  await screen.findByText(`我已阅读并同意${CONSENT}`)
  return page
}

function fillIn() {
  type('与身份证一致', ' 李志强 ')
  type('请输入11位手机号', '13912345678')
  fireEvent.click(within(skills()).getByText('助老服务'))
  fireEvent.click(within(skills()).getByText('家电维修'))
  fireEvent.click(within(availability()).getByText('周末'))
}

describe('志愿者注册', () => {
  test('shows the consent text in full: what, why, who sees it, how long, how to withdraw', async () => {
    api.on('GET /api/volunteer/profile', () => json(unregistered()))
    await openForm()
    const consent = document.querySelector('.volunteer-consent')!.textContent!
    expect(document.querySelector('.volunteer-consent__title')?.textContent).toBe(CONSENT)
    for (const heading of ['一、服务承诺', '二、我们收集哪些信息', '三、为什么使用', '四、谁能看到', '五、保存多久', '六、如何撤回同意']) expect(consent).toContain(heading)
    expect(consent).toContain('真实姓名、手机号、服务技能')
    expect(consent).toContain('《志愿服务记录与证明出具办法》')
    expect(consent).toContain('您报名的活动的组织者')
    expect(consent).toContain('请联系所在社区')
    expect(document.querySelector('.volunteer-consent__tick')!.getAttribute('aria-checked')).toBe('false')
    // No WeChat phone button outside the mini-program: the number is typed.
    expect(document.querySelector('.phone-field__wechat')).toBeNull()
    expect(screen.getByText('注册志愿者')).toBeTruthy()
  })

  test('every missing field is said at once and nothing is sent; without the tick the consent is refused here', async () => {
    api.on('GET /api/volunteer/profile', () => json(unregistered()))
    await openForm()

    fireEvent.click(screen.getByText('注册志愿者'))
    expect(errors()).toEqual(['请填写真实姓名', '请填写手机号或使用微信手机号', '请至少选择一项服务技能', '请选择您方便的服务时间', `请阅读并同意${CONSENT}`])

    fillIn()
    type('请输入11位手机号', '1391234')
    fireEvent.click(screen.getByText('注册志愿者'))
    expect(errors()).toEqual(['请填写11位手机号', `请阅读并同意${CONSENT}`])
    type('请输入11位手机号', '13912345678')
    fireEvent.click(screen.getByText('注册志愿者'))
    expect(errors()).toEqual([`请阅读并同意${CONSENT}`])
    await new Promise((r) => setTimeout(r, 30))
    expect(api.calls('PUT /api/volunteer/profile')).toHaveLength(0)
  })

  test('a filled form with the tick registers once, with an Idempotency-Key, and goes back', async () => {
    api.on('GET /api/volunteer/profile', () => json(unregistered()))
    api.on('PUT /api/volunteer/profile', () => json(profile()))
    await openForm()

    fillIn()
    // A second tap takes a skill back.
    fireEvent.click(within(skills()).getByText('医疗义诊'))
    fireEvent.click(within(skills()).getByText('医疗义诊'))
    tick()
    expect(document.querySelector('.volunteer-consent__tick')!.getAttribute('aria-checked')).toBe('true')
    fireEvent.click(screen.getByText('注册志愿者'))

    await waitFor(() => expect(api.calls('PUT /api/volunteer/profile')).toHaveLength(1))
    const [call] = api.calls('PUT /api/volunteer/profile')
    expect(call!.body).toEqual({ realName: '李志强', phone: '13912345678', skills: ['elderly_care', 'repair'], availability: ['weekend'], consent: true })
    expect(call!.headers['idempotency-key']).toBeTruthy()
    await waitFor(() => expect(Taro.navigateBack).toHaveBeenCalled())
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '注册成功，欢迎加入志愿者队伍' }))
  })

  test('in the mini-program the WeChat phone button sends its code as phoneCode instead of a typed number', async () => {
    vi.spyOn(Taro, 'canIUse').mockReturnValue(true)
    api.on('GET /api/volunteer/profile', () => json(unregistered()))
    api.on('PUT /api/volunteer/profile', () => json(profile()))
    await openForm()

    // Refused in WeChat's dialog: said, and the typed field stays.
    pressWeChatPhoneButton({ errMsg: 'getPhoneNumber:fail user deny' })
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '没有获取到微信手机号，请手动填写' }))
    expect(screen.getByPlaceholderText('请输入11位手机号')).toBeTruthy()

    pressWeChatPhoneButton({ code: 'phone-code-8f2a', errMsg: 'getPhoneNumber:ok' })
    expect(screen.getByText('✓ 将使用您微信绑定的手机号')).toBeTruthy()
    expect(screen.queryByPlaceholderText('请输入11位手机号')).toBeNull()

    type('与身份证一致', '李志强')
    fireEvent.click(within(skills()).getByText('义剪'))
    fireEvent.click(within(availability()).getByText('工作日晚上'))
    tick()
    fireEvent.click(screen.getByText('注册志愿者'))

    await waitFor(() => expect(api.calls('PUT /api/volunteer/profile')).toHaveLength(1))
    expect(api.calls('PUT /api/volunteer/profile')[0]!.body).toEqual({ realName: '李志强', phoneCode: 'phone-code-8f2a', skills: ['haircut'], availability: ['weekday_evening'], consent: true })
  })

  test('a phone code WeChat would not exchange is dropped, so the user can get a new one or type the number', async () => {
    vi.spyOn(Taro, 'canIUse').mockReturnValue(true)
    api.on('GET /api/volunteer/profile', () => json(unregistered()))
    api.on('PUT /api/volunteer/profile', () => apiError(503, 'WECHAT_UNAVAILABLE', '微信服务暂时不可用，请稍后再试'))
    await openForm()

    pressWeChatPhoneButton({ code: 'phone-code-8f2a', errMsg: 'getPhoneNumber:ok' })
    type('与身份证一致', '李志强')
    fireEvent.click(within(skills()).getByText('义剪'))
    fireEvent.click(within(availability()).getByText('周末'))
    tick()
    fireEvent.click(screen.getByText('注册志愿者'))

    await waitFor(() => expect(errors()).toEqual(['微信手机号获取失败，请重新获取或手动填写']))
    expect(screen.getByPlaceholderText('请输入11位手机号')).toBeTruthy()
    expect(screen.getByText('使用微信手机号')).toBeTruthy()
  })

  test('a phone code WeChat refuses (400 PHONE_CODE_INVALID) is dropped and said under the phone; the typed number then registers', async () => {
    vi.spyOn(Taro, 'canIUse').mockReturnValue(true)
    api.on('GET /api/volunteer/profile', () => json(unregistered()))
    api.once('PUT /api/volunteer/profile', () => apiError(400, 'PHONE_CODE_INVALID', '微信手机号获取失败，请重新获取或手动填写'))
    api.on('PUT /api/volunteer/profile', () => json(profile()))
    await openForm()

    pressWeChatPhoneButton({ code: 'phone-code-used', errMsg: 'getPhoneNumber:ok' })
    type('与身份证一致', '李志强')
    fireEvent.click(within(skills()).getByText('义剪'))
    fireEvent.click(within(availability()).getByText('周末'))
    tick()
    fireEvent.click(screen.getByText('注册志愿者'))

    await waitFor(() => expect(document.querySelector('.form-error--phone')?.textContent).toBe('微信手机号获取失败，请重新获取或手动填写'))
    expect(errors()).toEqual(['微信手机号获取失败，请重新获取或手动填写'])
    // Said once, on the field it concerns.
    expect(document.querySelector('.volunteer-register__error')).toBeNull()
    expect(screen.queryByText('✓ 将使用您微信绑定的手机号')).toBeNull()
    expect(screen.getByText('使用微信手机号')).toBeTruthy()
    expect(api.calls('PUT /api/volunteer/profile')[0]!.body).toMatchObject({ phoneCode: 'phone-code-used' })

    type('请输入11位手机号', '13912345678')
    expect(document.querySelector('.form-error--phone')).toBeNull()
    fireEvent.click(screen.getByText('注册志愿者'))
    await waitFor(() => expect(api.calls('PUT /api/volunteer/profile')).toHaveLength(2))
    expect(api.calls('PUT /api/volunteer/profile')[1]!.body).toEqual({ realName: '李志强', phone: '13912345678', skills: ['haircut'], availability: ['weekend'], consent: true })
    expect(api.calls('PUT /api/volunteer/profile')[1]!.body).not.toHaveProperty('phoneCode')
  })

  test('editing: the registration is filled in, the consent asked again, and the server\'s refusals land on their fields', async () => {
    api.on('GET /api/volunteer/profile', () => json(profile()))
    api.once('PUT /api/volunteer/profile', () =>
      json({ code: 'VALIDATION_FAILED', message: '提交的内容有误，请检查后再试', details: [{ path: 'body.skills', message: '请至少选择一项服务技能' }] }, 400),
    )
    api.once('PUT /api/volunteer/profile', () => apiError(409, 'VOLUNTEER_PERSON_REQUIRED', '注册志愿者须是本区实名居民，请先完成住户认证'))
    await openForm()

    expect((screen.getByPlaceholderText('与身份证一致') as HTMLInputElement).value).toBe('李志强')
    expect((screen.getByPlaceholderText('请输入11位手机号') as HTMLInputElement).value).toBe('13912345678')
    expect([...document.querySelectorAll('.volunteer-register__skills .choice-buttons__item--chosen')].map((el) => el.textContent)).toEqual(['助老服务', '家电维修'])
    expect([...document.querySelectorAll('.volunteer-register__availability .choice-buttons__item--chosen')].map((el) => el.textContent)).toEqual(['周末'])
    expect(document.querySelector('.volunteer-consent')!.textContent).toContain('您已于11月1日 10:00同意（版本2026-11）')

    fireEvent.click(screen.getByText('保存修改'))
    expect(errors()).toEqual([`请阅读并同意${CONSENT}`])
    tick()
    fireEvent.click(screen.getByText('保存修改'))
    await waitFor(() => expect(errors()).toEqual(['请至少选择一项服务技能']))
    expect(document.querySelector('.form-error--skills')).not.toBeNull()

    fireEvent.click(screen.getByText('保存修改'))
    await waitFor(() => expect(document.querySelector('.volunteer-register__error')?.textContent).toBe('注册志愿者须是本区实名居民，请先完成住户认证'))
    expect(api.calls('PUT /api/volunteer/profile')[1]!.body).toEqual({ realName: '李志强', phone: '13912345678', skills: ['elderly_care', 'repair'], availability: ['weekend'], consent: true })
  })
})
