import type dayjs from 'dayjs'
import { chinaTime } from '../../types/time'

/**
 * The mini-program's one clock: every label or default that depends on "now" on the phone reads it here, never
 * a `new Date()` of its own (the server's clock decides every rule; this one only shows and pre-fills).
 */
export function now(): Date {
  return new Date()
}

/** Now in China time, for day and month arithmetic. */
export function chinaNow(): dayjs.Dayjs {
  return chinaTime(now())
}
