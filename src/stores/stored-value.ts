import { useSyncExternalStore } from 'react'
import Taro from '@tarojs/taro'

/**
 * A value kept in WeChat storage and shared by every page: pages re-render when it changes, and it is still
 * there the next time the mini-program opens.
 */
export function createStoredValue<T>(key: string, fallback: T) {
  const listeners = new Set<() => void>()
  let cached: { value: T } | null = null
  const read = (): T => {
    if (!cached) {
      const stored = Taro.getStorageSync(key) as T | ''
      cached = { value: stored === '' || stored === undefined || stored === null ? fallback : (stored as T) }
    }
    return cached.value
  }
  const subscribe = (listener: () => void) => {
    listeners.add(listener)
    return () => listeners.delete(listener)
  }
  return {
    get: read,
    set(value: T) {
      Taro.setStorageSync(key, value)
      cached = { value }
      listeners.forEach((l) => l())
    },
    use(): T {
      return useSyncExternalStore(subscribe, read, read)
    },
    /** Forget the cached value (after storage was cleared outside this store). */
    reset() {
      cached = null
      listeners.forEach((l) => l())
    },
  }
}
