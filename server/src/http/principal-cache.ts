import type { Principal } from './principal'

/**
 * The principals of recent requests, for `ttlMs` (PRINCIPAL_CACHE_MS): a resident's screen makes several requests
 * at once and loading the principal was one statement of every request (docs/performance.md).
 *
 * What makes a principal stale — a role granted or revoked, a household joined or left, an account deleted, a
 * session ended — is a write, and every write through this instance clears the whole cache when it completes
 * (`clear`), so the next request sees it. A load that began before a clear is not kept (the generation moved on):
 * it may have read the rows before that write committed. Another instance's writes, or a sweep's, are seen after
 * at most `ttlMs`.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, { principal: Principal; until: number }>()
  private generation = 0

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    /** A monotonic clock in milliseconds: the cache's age, not a rule of the product's time. */
    private readonly clock: () => number = () => performance.now(),
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0
  }

  /** The cached principal, or the loaded one (kept unless a write completed meanwhile). */
  async get(userId: number, sessionId: string, load: () => Promise<Principal | null>): Promise<Principal | null> {
    if (!this.enabled) return load()
    const key = `${userId}:${sessionId}`
    const hit = this.entries.get(key)
    if (hit && hit.until > this.clock()) return hit.principal
    const generation = this.generation
    const principal = await load()
    if (principal && generation === this.generation) {
      this.entries.delete(key)
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!)
      this.entries.set(key, { principal, until: this.clock() + this.ttlMs })
    }
    return principal
  }

  clear(): void {
    this.generation++
    this.entries.clear()
  }
}
