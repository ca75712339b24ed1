import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { Current } from '@tarojs/runtime'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import WishDetailPage from '../../src/packages/wish/detail/index'
import { apiError, json, me, renderPage, useFakeApi } from './support'
import { contact, myClaim, pickFromAlbum, upload, wish } from './wish-fixtures'

const PATH = '/packages/wish/detail/index'
const api = useFakeApi()

beforeEach(() => {
  // The page is opened as …/detail/index?id=42.
  Current.router = { params: { id: '42' }, path: PATH, $taroPath: PATH, onReady: '', onHide: '', onShow: '' }
  // Two and a half days before the fixtures' claim deadline (2026-11-22 10:00).
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-19T22:00:00+08:00') })
  // Who is looking decides nothing but how 认领 is offered (for oneself, or as one's 驻区单位).
  api.on('GET /api/me', () => json(me({ roles: ['resident', 'volunteer'] })))
})

function answerModal(confirm: boolean) {
  return vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm, cancel: !confirm, errMsg: 'showModal:ok' } as never)
}

async function openWish() {
  const page = renderPage(WishDetailPage, PATH)
  await screen.findByText('想要一台助听器')
  return page
}

/** Types into a Textarea (a web component that answers `input` events with the value in detail). */
async function typeArea(placeholder: string, value: string) {
  const area = document.querySelector(`taro-textarea-core[placeholder="${placeholder}"]`)!
  await waitFor(() => expect(area.querySelector('textarea')).not.toBeNull())
  act(() => void area.dispatchEvent(new CustomEvent('input', { detail: { value }, bubbles: true })))
}

function typeField(placeholder: string, value: string) {
  fireEvent.input(document.querySelector(`input[placeholder="${placeholder}"]`)!, { target: { value } })
}

const formErrors = () => [...document.querySelectorAll('.wish-action-form .form-error')].map((el) => el.textContent)

describe('心愿详情, as a volunteer', () => {
  test('shows the wish as the public sees it: 张**, the building, no contact; the timeline; and 认领 because the server offers it', async () => {
    api.on('GET /api/wishes/42', () => json(wish()))
    await openWish()

    const main = document.querySelector('.wish-main') as HTMLElement
    expect(main.querySelector('.wish-category')?.textContent).toBe('医疗健康')
    expect(main.querySelector('.wish-status')?.textContent).toBe('待认领')
    expect(main.textContent).toContain('老伴耳朵越来越背')
    expect(main.textContent).toContain('价值约 ¥280')
    expect(main.textContent).toContain('2026年12月1日前')
    expect(main.textContent).toContain('张**')
    expect(main.textContent).toContain('联通小区 3号楼')
    expect(main.textContent).toContain('电话联系')
    expect(document.querySelector('.wish-contact')).toBeNull()
    expect([...document.querySelectorAll('.wish-timeline__kind')].map((el) => el.textContent)).toEqual(['发布心愿', '审核通过'])
    expect(screen.getByText('认领这个心愿')).toBeTruthy()
    expect(screen.queryByText('撤回心愿')).toBeNull()
  })

  test('without `claim` in actions there is no claim button (the client keeps no rules of its own)', async () => {
    // The same open wish, seen by its own wisher (a volunteer too): the server offers 撤回, not 认领.
    api.once('GET /api/wishes/42', () => json(wish({ mine: true, actions: ['withdraw'] })))
    const page = await openWish()
    expect(screen.getByText('撤回心愿')).toBeTruthy()
    expect(screen.queryByText('认领这个心愿')).toBeNull()
    page.unmount()

    api.once('GET /api/wishes/42', () => json(wish({ actions: [] })))
    await openWish()
    expect(screen.queryByText('认领这个心愿')).toBeNull()
    expect(document.querySelector('.wish-actions')).toBeNull()
  })

  test('认领 asks first, claims once with an Idempotency-Key, then shows the contact and the deadline', async () => {
    api.on('GET /api/wishes/42', () => json(wish()))
    api.on('POST /api/wishes/42/claim', () =>
      json(
        wish({
          status: 'claimed',
          wisherName: '张秀兰',
          contact,
          claim: myClaim(),
          actions: ['give_up', 'fulfil'],
          timeline: [...wish().timeline, { kind: 'claimed', at: '2026-11-19T22:00:00+08:00', note: null }],
        }),
      ),
    )
    const modal = answerModal(true)
    await openWish()

    fireEvent.click(screen.getByText('认领这个心愿'))
    await screen.findByText('心愿人联系方式')

    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '认领心愿', confirmText: '认领' })
    const [call] = api.calls('POST /api/wishes/42/claim')
    expect(call!.body).toEqual({ asUnit: false })
    expect(call!.headers['idempotency-key']).toBeTruthy()
    const card = document.querySelector('.wish-contact') as HTMLElement
    expect(card.textContent).toContain('张秀兰')
    // One phone rule: printed masked; the whole number only dials.
    expect(card.textContent).toContain('电话：138****5678')
    expect(card.textContent).not.toContain('13812345678')
    expect(card.textContent).toContain('地址：联通社区 第三网格 联通小区 3号楼 2单元 301')
    const dial = vi.spyOn(Taro, 'makePhoneCall').mockResolvedValue({ errMsg: 'makePhoneCall:ok' })
    fireEvent.click(screen.getByText('拨打电话'))
    expect(dial).toHaveBeenCalledWith({ phoneNumber: '13812345678' })
    // One deadline counts, the claim's; the wisher's hoped-for day is said beside it as a wish.
    expect(document.querySelector('.wish-claim__deadline')?.textContent).toBe('请在 11月22日 10:00 前完成（剩余2天）')
    expect(document.querySelector('.wish-claim__deadline-note')?.textContent).toBe('以此为准：到期未完成，认领自动取消，心愿重新开放。居民希望2026年12月1日前完成，仅作参考。')
    expect([...document.querySelectorAll('.wish-facts__label')].map((el) => el.textContent)).not.toContain('希望完成')
    expect(document.querySelector('.wish-status')?.textContent).toBe('已认领')
    expect(screen.queryByText('认领这个心愿')).toBeNull()
    expect(screen.getByText('标记完成')).toBeTruthy()
    expect(screen.getByText('放弃认领')).toBeTruthy()
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '认领成功，请尽快联系居民' }))
    expect(api.calls('POST /api/wishes/42/claim')).toHaveLength(1)
  })

  test('a wisher who asked to be reached through the community: the claimer gets the address, not the phone', async () => {
    api.on('GET /api/wishes/42', () => json(wish({ status: 'claimed', contactPreference: 'via_staff', contact: { ...contact, phone: null }, claim: myClaim(), actions: ['give_up', 'fulfil'] })))
    await openWish()
    const card = document.querySelector('.wish-contact') as HTMLElement
    expect(card.textContent).toContain('电话：居民希望由社区工作人员转达，请联系社区')
    expect(card.textContent).toContain('地址：联通社区 第三网格 联通小区 3号楼 2单元 301')
    expect(screen.queryByText('拨打电话')).toBeNull()
  })

  test('a member of a 驻区单位 who also volunteers chooses: for themself, or in the unit’s name', async () => {
    api.on('GET /api/me', () => json(me({ roles: ['resident', 'unit', 'volunteer'], unit: { id: 3, name: '黑河市中医院', role: 'member' } })))
    api.on('GET /api/wishes/42', () => json(wish()))
    api.on('POST /api/wishes/42/claim', () => json(wish({ status: 'claimed', claim: myClaim(), actions: ['give_up', 'fulfil'] })))
    const modal = answerModal(true)
    await openWish()
    const asUnit = await screen.findByText('以黑河市中医院名义认领')
    expect(screen.getByText('以个人名义认领')).toBeTruthy()
    fireEvent.click(asUnit)
    await waitFor(() => expect(api.calls('POST /api/wishes/42/claim')).toHaveLength(1))
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '以黑河市中医院名义认领' })
    expect(api.calls('POST /api/wishes/42/claim')[0]!.body).toEqual({ asUnit: true })
  })

  test('the unit’s own account claims only in the unit’s name', async () => {
    api.on('GET /api/me', () => json(me({ roles: ['unit'], household: null, unit: { id: 3, name: '黑河市中医院', role: 'admin' } })))
    api.on('GET /api/wishes/42', () => json(wish()))
    await openWish()
    await screen.findByText('以黑河市中医院名义认领')
    expect(screen.queryByText('以个人名义认领')).toBeNull()
    expect(screen.queryByText('认领这个心愿')).toBeNull()
  })

  test('a claim that lost the race says so in the server\'s words and shows the wish as it is now', async () => {
    api.once('GET /api/wishes/42', () => json(wish()))
    api.on('GET /api/wishes/42', () => json(wish({ status: 'claimed', claim: myClaim({ claimerName: '王**', mine: false }), actions: [] })))
    api.on('POST /api/wishes/42/claim', () => apiError(409, 'WISH_ALREADY_CLAIMED', '这个心愿刚被别人认领了'))
    answerModal(true)
    await openWish()

    fireEvent.click(screen.getByText('认领这个心愿'))

    await waitFor(() => expect(document.querySelector('.wish-actions__error')?.textContent).toBe('这个心愿刚被别人认领了'))
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '这个心愿刚被别人认领了' }))
    await waitFor(() => expect(document.querySelector('.wish-status')?.textContent).toBe('已认领'))
    expect(api.calls('GET /api/wishes/42')).toHaveLength(2)
    expect(screen.queryByText('认领这个心愿')).toBeNull()
    expect(document.querySelector('.wish-claim')?.textContent).toContain('认领人：王**')
    expect(document.querySelector('.wish-contact')).toBeNull()
  })

  test('再想想 in the dialog sends nothing', async () => {
    api.on('GET /api/wishes/42', () => json(wish()))
    answerModal(false)
    await openWish()
    fireEvent.click(screen.getByText('认领这个心愿'))
    await new Promise((r) => setTimeout(r, 50))
    expect(api.calls('POST /api/wishes/42/claim')).toHaveLength(0)
  })
})

describe('心愿详情, as the claimer', () => {
  const claimed = () => wish({ status: 'claimed', wisherName: '张秀兰', contact, claim: myClaim(), actions: ['give_up', 'fulfil'] })

  test('标记完成 needs a proof photo and a note, uploads the photo as proof, and sends both', async () => {
    api.on('GET /api/wishes/42', () => json(claimed()))
    api.on('POST /api/wishes/42/fulfil', () =>
      json(wish({ ...claimed(), status: 'fulfilled', claim: myClaim({ fulfilledAt: '2026-11-19T22:00:00+08:00', fulfilNote: '已送到家中', proofPhotoUrl: '/api/files/photo-601.jpg' }), actions: [] })),
    )
    pickFromAlbum('blob:proof')
    const uploads = vi
      .spyOn(Taro, 'uploadFile')
      .mockImplementation(() => Object.assign(Promise.resolve({ statusCode: 201, data: JSON.stringify(upload(601)), errMsg: 'uploadFile:ok' }), { progress: () => undefined }) as never)
    await openWish()

    fireEvent.click(screen.getByText('标记完成'))
    fireEvent.click(await screen.findByText('提交完成凭证'))
    expect(formErrors()).toEqual(['请上传一张完成凭证照片', '请简单说明完成情况（至少2个字）'])

    fireEvent.click(screen.getByText('上传照片（还可添加1张）'))
    await waitFor(() => expect(document.querySelectorAll('.photo-picker__remove')).toHaveLength(1))
    expect(uploads.mock.calls[0]![0]).toMatchObject({ url: '/api/uploads?purpose=proof_photo', filePath: 'blob:proof', name: 'file' })
    await typeArea('例如：已把收音机送到家中，老人试用正常', '  已送到家中 ')
    fireEvent.click(screen.getByText('提交完成凭证'))

    await waitFor(() => expect(api.calls('POST /api/wishes/42/fulfil')).toHaveLength(1))
    expect(api.calls('POST /api/wishes/42/fulfil')[0]!.body).toEqual({ proofPhotoId: 601, note: '已送到家中' })
    await waitFor(() => expect(document.querySelector('.wish-status')?.textContent).toBe('已完成'))
    expect(document.querySelector('.wish-claim')?.textContent).toContain('完成说明：已送到家中')
    expect(document.querySelector('.wish-claim__proof img')?.getAttribute('src')).toBe('/api/files/photo-601.jpg')
  })

  test('放弃认领 asks for a reason and sends it', async () => {
    api.on('GET /api/wishes/42', () => json(claimed()))
    api.on('POST /api/wishes/42/give-up', () => json(wish({ actions: ['claim'] })))
    await openWish()

    fireEvent.click(screen.getByText('放弃认领'))
    fireEvent.click(await screen.findByText('确认放弃'))
    expect(formErrors()).toEqual(['请写明原因（至少2个字）'])
    typeField('例如：临时出差，无法按时完成', ' 临时出差 ')
    fireEvent.click(screen.getByText('确认放弃'))

    await waitFor(() => expect(api.calls('POST /api/wishes/42/give-up')).toHaveLength(1))
    expect(api.calls('POST /api/wishes/42/give-up')[0]!.body).toEqual({ reason: '临时出差' })
    await waitFor(() => expect(document.querySelector('.wish-status')?.textContent).toBe('待认领'))
    expect(screen.queryByText('确认放弃')).toBeNull()
  })
})

describe('心愿详情, for a resident who is not a volunteer', () => {
  test('no 认领, but why and the way to become a volunteer', async () => {
    api.on('GET /api/me', () => json(me({ roles: ['resident'] })))
    api.on('GET /api/wishes/42', () => json(wish({ actions: [], claimBlock: 'become_volunteer' })))
    await openWish()
    expect(screen.queryByText('认领这个心愿')).toBeNull()
    const block = document.querySelector('.wish-claim-block') as HTMLElement
    expect(block.textContent).toContain('认领心愿需要先注册成为志愿者，社区审核通过后就能认领。')
    fireEvent.click(screen.getByText('注册志愿者'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/volunteer/register/index' })
  })

  test('a volunteer of another community is told the wish is not theirs to claim, with no button', async () => {
    api.on('GET /api/wishes/42', () => json(wish({ actions: [], claimBlock: 'other_community' })))
    await openWish()
    expect(document.querySelector('.wish-claim-block')?.textContent).toContain('这个心愿不在您所在的社区')
    expect(screen.queryByText('注册志愿者')).toBeNull()
  })

  test('nothing of the kind where the server says nothing (a volunteer who may claim)', async () => {
    api.on('GET /api/wishes/42', () => json(wish()))
    await openWish()
    expect(document.querySelector('.wish-claim-block')).toBeNull()
  })
})

describe('心愿详情, as the wisher', () => {
  test('her claimed wish: who claimed it and how they will reach her, one deadline; never her own number or a call to herself', async () => {
    api.on('GET /api/wishes/42', () => json(wish({ status: 'claimed', mine: true, wisherName: '张秀兰', contact: null, claim: myClaim({ mine: false }), actions: [] })))
    const page = await openWish()
    expect(document.querySelector('.wish-contact')).toBeNull()
    expect(screen.queryByText('拨打电话')).toBeNull()
    expect(document.body.textContent).not.toContain('心愿人联系方式')
    const claim = document.querySelector('.wish-claim') as HTMLElement
    expect(claim.querySelector('.wish-card-title')?.textContent).toBe('认领情况')
    expect(claim.textContent).toContain('认领人：李志强')
    expect(claim.querySelector('.wish-claim__for-wisher')?.textContent).toBe('认领人会按您选的方式（电话联系）与您联系。')
    expect(claim.querySelector('.wish-claim__deadline')?.textContent).toBe('请在 11月22日 10:00 前完成（剩余2天）')
    expect(claim.querySelector('.wish-claim__deadline-note')?.textContent).toBe('到期未完成，认领自动取消，心愿重新开放给其他人认领。您希望2026年12月1日前完成，仅作参考。')
    expect(document.querySelectorAll('.wish-claim__deadline')).toHaveLength(1)
    expect(document.querySelector('.wish-claim-block')).toBeNull()
    page.unmount()

    // Without a hoped-for day there is nothing to explain; through the community, she is told so.
    api.on('GET /api/wishes/42', () => json(wish({ status: 'claimed', mine: true, neededBy: null, contactPreference: 'via_staff', contact: null, claim: myClaim({ mine: false }), actions: [] })))
    await openWish()
    expect(document.querySelector('.wish-claim__for-wisher')?.textContent).toBe('认领人会通过社区工作人员与您联系。')
    expect(document.querySelector('.wish-claim__deadline-note')?.textContent).toBe('到期未完成，认领自动取消，心愿重新开放给其他人认领。')
  })

  test('a pending wish of mine can be withdrawn after a confirmation', async () => {
    api.on('GET /api/wishes/42', () => json(wish({ status: 'pending', mine: true, wisherName: '张秀兰', actions: ['withdraw'] })))
    api.on('POST /api/wishes/42/withdraw', () => json(wish({ status: 'withdrawn', mine: true, wisherName: '张秀兰', actions: [] })))
    const modal = answerModal(true)
    await openWish()

    expect(document.querySelector('.wish-main__hint')?.textContent).toBe('社区正在审核，通过后会公开，等待认领')
    expect(screen.queryByText('认领这个心愿')).toBeNull()
    fireEvent.click(screen.getByText('撤回心愿'))
    await waitFor(() => expect(document.querySelector('.wish-status')?.textContent).toBe('已撤回'))
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '撤回心愿', confirmText: '撤回', cancelText: '不撤回' })
    expect(api.calls('POST /api/wishes/42/withdraw')[0]!.body).toEqual({})
    expect(screen.queryByText('撤回心愿')).toBeNull()
  })

  test('a rejected wish shows the reason', async () => {
    api.on('GET /api/wishes/42', () => json(wish({ status: 'rejected', mine: true, rejectReason: '超出微心愿范围，请联系社区另行帮助', actions: [] })))
    await openWish()
    expect(document.querySelector('.wish-main__reject')?.textContent).toBe('未通过原因：超出微心愿范围，请联系社区另行帮助')
  })

  test('确认完成 needs thanks and stars, sends them, shows the thanks, and refreshes the points pages', async () => {
    const fulfilled = wish({
      status: 'fulfilled',
      mine: true,
      wisherName: '张秀兰',
      contact,
      claim: myClaim({ claimerName: '李志强', mine: false, fulfilledAt: '2026-11-19T20:00:00+08:00', fulfilNote: '已送到家中', proofPhotoUrl: '/api/files/photo-601.jpg' }),
      actions: ['confirm'],
    })
    api.on('GET /api/wishes/42', () => json(fulfilled))
    api.on('POST /api/wishes/42/confirm', () =>
      json({ ...fulfilled, status: 'confirmed', confirmation: { confirmedAt: '2026-11-19T22:00:00+08:00', thanks: '谢谢小李！', rating: 4, byStaff: false }, actions: [] }),
    )
    const page = await openWish()
    page.client.setQueryData(['points', 'summary'], { stale: false })

    expect(document.querySelector('.wish-claim')?.textContent).toContain('完成说明：已送到家中')
    fireEvent.click(screen.getByText('确认完成并致谢'))
    expect(formErrors()).toEqual(['请写一句感谢的话（至少2个字）', '请打分（1–5星）'])
    expect(api.calls('POST /api/wishes/42/confirm')).toHaveLength(0)

    await typeArea('例如：谢谢小李，收音机很好用！', '谢谢小李！')
    fireEvent.click(screen.getByText('4星'))
    expect(document.querySelector('.wish-confirm-form__stars')?.textContent).toBe('★★★★☆ 4星')
    fireEvent.click(screen.getByText('确认完成并致谢'))

    await waitFor(() => expect(api.calls('POST /api/wishes/42/confirm')).toHaveLength(1))
    expect(api.calls('POST /api/wishes/42/confirm')[0]!.body).toEqual({ thanks: '谢谢小李！', rating: 4 })
    await screen.findByText('居民的感谢')
    expect(document.querySelector('.wish-thanks__quote')?.textContent).toBe('“谢谢小李！”')
    expect(document.querySelector('.wish-thanks__stars')?.textContent).toBe('★★★★☆ 4星')
    expect(document.querySelector('.wish-confirm-form')).toBeNull()
    // The claimer's household was paid: every points page fetches again.
    expect(page.client.getQueryState(['points', 'summary'])?.isInvalidated).toBe(true)
  })
})

describe('心愿详情, as staff', () => {
  test('a pending wish shows the content check, flagged, and 去审核 opens the review page', async () => {
    api.on('GET /api/wishes/42', () =>
      json(
        wish({
          status: 'pending',
          wisherName: '张秀兰',
          contact,
          moderation: { text: 'review', photos: ['pass'], labels: ['疑似广告'] },
          photos: [upload(501)],
          timeline: [
            { kind: 'posted', at: '2026-11-15T09:00:00+08:00', note: null },
            { kind: 'category_changed', at: '2026-11-15T09:30:00+08:00', note: '其他 → 家电维修' },
          ],
          actions: ['review'],
        }),
      ),
    )
    await openWish()

    // The API writes what changed in words; the page shows it as it is.
    expect([...document.querySelectorAll('.wish-timeline__note')].map((el) => el.textContent)).toEqual(['其他 → 家电维修'])
    const findings = document.querySelector('.moderation') as HTMLElement
    expect(findings.className).toContain('moderation--flagged')
    expect(findings.textContent).toContain('文字：疑似违规，请人工判断')
    expect(findings.textContent).toContain('第1张照片：机审通过')
    expect(findings.textContent).toContain('涉及：疑似广告')
    fireEvent.click(screen.getByText('去审核'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/staff/wish-review/index' })
  })

  test('代居民确认 sends the thanks to the staff endpoint', async () => {
    const fulfilled = wish({ status: 'fulfilled', claim: myClaim({ mine: false, fulfilledAt: '2026-11-19T20:00:00+08:00' }), actions: ['confirm_for_wisher'] })
    api.on('GET /api/wishes/42', () => json(fulfilled))
    api.on('POST /api/staff/wishes/42/confirm', () =>
      json({ ...fulfilled, status: 'confirmed', confirmation: { confirmedAt: '2026-11-19T22:00:00+08:00', thanks: '居民说谢谢', rating: 5, byStaff: true }, actions: [] }),
    )
    await openWish()

    expect(screen.getByText('代居民确认完成')).toBeTruthy()
    await typeArea('例如：谢谢小李，收音机很好用！', '居民说谢谢')
    fireEvent.click(screen.getByText('5星'))
    fireEvent.click(screen.getByText('代居民确认'))

    await waitFor(() => expect(api.calls('POST /api/staff/wishes/42/confirm')).toHaveLength(1))
    expect(api.calls('POST /api/staff/wishes/42/confirm')[0]!.body).toEqual({ thanks: '居民说谢谢', rating: 5 })
    expect(api.calls('POST /api/wishes/42/confirm')).toHaveLength(0)
    expect(await screen.findByText('（社区工作人员代居民确认）', { exact: false })).toBeTruthy()
  })
})
