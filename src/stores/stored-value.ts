import { useSyncExternalStore } from 'react'
import Taro from '@tarojs/taro'

/**
 * A value kept in WeChat storage and shared by every page: pages re-render when it changes, and it is still
 * there the next time the mini-program opens.
 */
export function createStoredValue<T>(key: string, fallback: T, decode?: (stored: unknown) => T) {
  const listeners = new Set<() => void>()
  let cached: { value: T } | null = null
  const read = (): T => {
    if (!cached) {
      const stored = Taro.getStorageSync(key) as unknown
      const missing = stored === '' || stored === undefined || stored === null
      if (decode) {
        // `decode` reads what older versions stored; a value in an older shape is rewritten in the current one.
        const value = decode(missing ? undefined : stored)
        if (!missing && value !== stored) Taro.setStorageSync(key, value)
        cached = { value }
      } else {
        cached = { value: missing ? fallback : (stored as T) }
      }
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
