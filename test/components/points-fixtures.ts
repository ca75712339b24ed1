/** API fixtures of the points feature, typed by the contract in types/api/points.ts. */
import type { LedgerEntry, LedgerPage, Leaderboard, PointsSummary, Redemption, ShopItem, Statement, HouseholdSearchResult } from '../../types/api/points'

export function summary(overrides: Partial<PointsSummary> = {}): PointsSummary {
  return {
    household: { id: 11, address: '联通社区 第三网格 联通小区 3号楼 2单元 301', balance: 320, earnedThisYear: 450, showOnLeaderboard: true },
    myEarnedThisYear: 120,
    expiry: null,
    rules: [
      { rule: 'wish_fulfilled', label: '帮助兑现微心愿', points: 10, unit: '每个心愿' },
      { rule: 'volunteer_hour', label: '志愿服务', points: 5, unit: '每小时' },
    ],
    ...overrides,
  }
}

export function entry(id: number, overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    id,
    amount: 10,
    reason: 'rule_award',
    title: `志愿服务：第${id}次`,
    personName: '王秀兰',
    householdBalanceAfter: 100 + id,
    createdAt: '2026-05-16T09:30:00+08:00',
    ...overrides,
  }
}

/** A page of ledger rows with ids from `from` down. */
export function ledgerPage(from: number, count: number, nextCursor: string | null): LedgerPage {
  return { items: Array.from({ length: count }, (_, i) => entry(from - i)), nextCursor }
}

export function shopItem(overrides: Partial<ShopItem> = {}): ShopItem {
  return {
    id: 3,
    name: '义剪一次',
    description: '每周六上午，党群服务中心一楼',
    kind: 'service',
    price: 50,
    stock: 8,
    monthlyLimit: 1,
    redeemedThisMonth: 0,
    stationId: 1,
    stationName: '联通社区党群服务中心',
    photo: null,
    imageUrl: '/api/pictures/shop-service.png',
    thumbnailUrl: '/api/pictures/shop-service.thumb.png',
    active: true,
    ...overrides,
  }
}

export function redemption(overrides: Partial<Redemption> = {}): Redemption {
  return {
    id: 21,
    itemId: 3,
    itemName: '义剪一次',
    points: 50,
    status: 'reserved',
    pickupCode: 'K7P2M9QX',
    stationName: '联通社区党群服务中心',
    stationAddress: '联通路 12 号',
    redeemerName: '王秀兰',
    householdAddress: '联通社区 第三网格 联通小区 3号楼 2单元 301',
    expiresAt: '2026-05-23T18:00:00+08:00',
    createdAt: '2026-05-16T09:30:00+08:00',
    pickedUpAt: null,
    ...overrides,
  }
}

export function statement(overrides: Partial<Statement> = {}): Statement {
  return { month: '2026-05', opening: 200, earned: 170, spent: 50, closing: 320, entries: [entry(2), entry(1, { amount: -50, reason: 'redemption', title: '兑换：义剪一次' })], ...overrides }
}

export function leaderboard(overrides: Partial<Leaderboard> = {}): Leaderboard {
  return {
    scope: 'community',
    period: 'month',
    scopeName: '联通社区',
    entries: [
      { rank: 1, label: '联通小区1号楼 李**', points: 80, mine: false },
      { rank: 2, label: '联通小区3号楼 王**', points: 60, mine: true },
      { rank: 3, label: '匿名', points: 40, mine: false },
    ],
    mine: { rank: 2, points: 60 },
    ...overrides,
  }
}

export function households(): HouseholdSearchResult {
  return {
    items: [
      {
        id: 11,
        address: '联通社区 第三网格 联通小区 3号楼 2单元 301',
        balance: 320,
        members: [
          { id: 101, name: '王秀兰', phoneMasked: '138****5678' },
          { id: 102, name: '李建国', phoneMasked: null },
        ],
      },
    ],
  }
}
