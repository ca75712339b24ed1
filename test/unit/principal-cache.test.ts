import { describe, expect, it } from 'vitest'
import { Principal } from '../../server/src/http/principal'
import { PrincipalCache } from '../../server/src/http/principal-cache'

const principal = (userId: number, roles: string[] = []) => new Principal(userId, new Set(roles as never[]), new Set(), 1, userId, 10, 'sid')

/** A cache on a clock the test moves, counting the loads it asks for. */
function cacheOf(ttlMs: number, maxEntries?: number) {
  let now = 0
  const cache = new PrincipalCache(ttlMs, maxEntries, () => now)
  let loads = 0
  const load = (p: Principal | null) => async () => {
    loads++
    return p
  }
  return { cache, load, loads: () => loads, advance: (ms: number) => (now += ms) }
}

describe('PrincipalCache', () => {
  it('loads once per account and session while the entry is young, then again', async () => {
    const c = cacheOf(5000)
    const p = principal(1)
    expect(await c.cache.get(1, 's1', c.load(p))).toBe(p)
    expect(await c.cache.get(1, 's1', c.load(principal(1)))).toBe(p)
    c.advance(4999)
    expect(await c.cache.get(1, 's1', c.load(principal(1)))).toBe(p)
    expect(c.loads()).toBe(1)
    // Another session of the same account is another entry.
    await c.cache.get(1, 's2', c.load(principal(1)))
    expect(c.loads()).toBe(2)
    c.advance(1)
    const fresh = principal(1, ['staff'])
    expect(await c.cache.get(1, 's1', c.load(fresh))).toBe(fresh)
    expect(c.loads()).toBe(3)
  })

  it('keeps nothing after a write cleared it', async () => {
    const c = cacheOf(5000)
    await c.cache.get(1, 's', c.load(principal(1)))
    c.cache.clear()
    const after = principal(1, ['volunteer'])
    expect(await c.cache.get(1, 's', c.load(after))).toBe(after)
    expect(c.loads()).toBe(2)
  })

  it('does not keep a principal whose load began before a write completed (it may predate the write)', async () => {
    const c = cacheOf(5000)
    let release!: () => void
    const slow = c.cache.get(1, 's', () => new Promise<Principal>((resolve) => (release = () => resolve(principal(1)))))
    c.cache.clear()
    release()
    await slow
    const after = principal(1, ['staff'])
    expect(await c.cache.get(1, 's', c.load(after))).toBe(after)
  })

  it('never keeps an unknown account or ended session, and loads every time when off', async () => {
    const c = cacheOf(5000)
    expect(await c.cache.get(1, 's', c.load(null))).toBeNull()
    expect(await c.cache.get(1, 's', c.load(null))).toBeNull()
    expect(c.loads()).toBe(2)
    const off = cacheOf(0)
    await off.cache.get(1, 's', off.load(principal(1)))
    await off.cache.get(1, 's', off.load(principal(1)))
    expect(off.loads()).toBe(2)
  })

  it('holds at most maxEntries, dropping the oldest', async () => {
    const c = cacheOf(5000, 2)
    await c.cache.get(1, 's', c.load(principal(1)))
    await c.cache.get(2, 's', c.load(principal(2)))
    await c.cache.get(3, 's', c.load(principal(3)))
    expect(c.loads()).toBe(3)
    await c.cache.get(3, 's', c.load(principal(3)))
    await c.cache.get(2, 's', c.load(principal(2)))
    expect(c.loads()).toBe(3)
    await c.cache.get(1, 's', c.load(principal(1)))
    expect(c.loads()).toBe(4)
  })
})
