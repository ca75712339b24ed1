/** API fixtures of the 微心愿 feature, typed by the contract in types/api/wishes.ts, and the album. */
import Taro from '@tarojs/taro'
import { vi } from 'vitest'
import type { Upload, Wish, WishPage, WishSummary, WishWall } from '../../types/api/wishes'

/** A wish as the API answers GET /api/wishes/:id; an open one seen by a volunteer unless overridden. */
export function wish(overrides: Partial<Wish> = {}): Wish {
  return {
    id: 42,
    communityId: 7,
    category: 'health',
    title: '想要一台助听器',
    description: '老伴耳朵越来越背，看电视要开很大声，想请好心人帮忙配一台助听器。',
    photos: [],
    valueYuan: 280,
    neededBy: '2026-12-01',
    status: 'open',
    wisherName: '张**',
    location: '联通小区 3号楼',
    contactPreference: 'phone',
    contact: null,
    postedOnBehalf: false,
    rejectReason: null,
    claim: null,
    confirmation: null,
    moderation: null,
    timeline: [
      { kind: 'posted', at: '2026-11-15T09:00:00+08:00', note: null },
      { kind: 'approved', at: '2026-11-15T10:00:00+08:00', note: null },
    ],
    actions: ['claim'],
    claimBlock: null,
    mine: false,
    createdAt: '2026-11-15T09:00:00+08:00',
    ...overrides,
  }
}

/** A row of a list: the wish without its timeline. */
export function summary(overrides: Partial<WishSummary> = {}): WishSummary {
  const { timeline: _timeline, ...rest } = wish(overrides as Partial<Wish>)
  return rest
}

export function page(items: WishSummary[], nextCursor: string | null = null): WishPage {
  return { items, nextCursor }
}

export function wall(overrides: Partial<WishWall> = {}): WishWall {
  return {
    totals: { thisMonth: 3, thisYear: 41, allTime: 2617 },
    recent: [
      {
        id: 9,
        category: 'daily_goods',
        title: '需要一袋大米',
        wisherName: '王**',
        claimerName: '李**',
        thanks: '大米收到了，谢谢志愿者冒雪送来！',
        rating: 5,
        confirmedAt: '2026-11-10T15:00:00+08:00',
      },
    ],
    ...overrides,
  }
}

/** The contact block the claimer sees once the wish is theirs. */
export const contact = { name: '张秀兰', phone: '13812345678', address: '联通社区 第三网格 联通小区 3号楼 2单元 301' }

/** The claim of a wish held by the caller (the volunteer), due in two and a half days from the tests' clock. */
export function myClaim(overrides: Partial<NonNullable<Wish['claim']>> = {}): NonNullable<Wish['claim']> {
  return {
    claimerName: '李志强',
    mine: true,
    claimedAt: '2026-11-15T10:00:00+08:00',
    deadline: '2026-11-22T10:00:00+08:00',
    fulfilledAt: null,
    fulfilNote: null,
    proofPhotoUrl: null,
    ...overrides,
  }
}

export function upload(id: number): Upload & { url: string } {
  return { id, url: `/api/files/photo-${id}.jpg` }
}

type ChooseMediaOptions = { success?: (res: unknown) => void; fail?: (err: unknown) => void }

/**
 * The album: the next Taro.chooseMedia calls pick these pictures (with none, the user cancels). Answers through
 * the callbacks, as the page asks (Taro does not promisify chooseMedia for weapp).
 */
export function pickFromAlbum(...paths: string[]) {
  return vi.spyOn(Taro, 'chooseMedia').mockImplementation(((options: ChooseMediaOptions) => {
    if (paths.length === 0) {
      options.fail?.({ errMsg: 'chooseMedia:fail cancel' })
      return undefined
    }
    options.success?.({ tempFiles: paths.map((tempFilePath) => ({ tempFilePath, size: 1000, fileType: 'image' })), type: 'image', errMsg: 'chooseMedia:ok' })
    return undefined
  }) as never)
}
