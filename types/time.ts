import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)

/**
 * Every time the product shows or reasons about is China Standard Time. Asia/Shanghai has been UTC+8 without
 * daylight saving since 1991, so a fixed offset is exact and needs no time-zone database (which a mini-program
 * JS engine may lack).
 */
export const CHINA_UTC_OFFSET_MINUTES = 480

/** A dayjs in China time. */
export function chinaTime(input?: dayjs.ConfigType): dayjs.Dayjs {
  return dayjs(input).utcOffset(CHINA_UTC_OFFSET_MINUTES)
}

/** ISO 8601 with +08:00, the form the API writes. */
export function toApiInstant(input: dayjs.ConfigType): string {
  return chinaTime(input).format('YYYY-MM-DDTHH:mm:ssZ')
}
