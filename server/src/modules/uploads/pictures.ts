import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Picture } from '../../../../types/api/common'
import { SHOP_ITEM_KINDS, STATION_KINDS, VOLUNTEER_SKILLS, type ShopItemKind, type StationKind, type VolunteerSkill } from '../../../../types/api/labels'
import { fileUrl } from './uploads.service'
import { THUMBNAIL_WIDTH } from './uploads.image'

/*
 * Default pictures: what a shop item, an activity or a station shows until staff put up a photo. The server
 * serves them (drawn by scripts/make-images.ts into server/assets/pictures) instead of the mini-program
 * carrying them: the 活动 tab and 首页 live in the main package, which must stay small, and every client shows
 * the same URL field whether there is a photo or not.
 */

export const DEFAULT_PICTURES = [
  ...SHOP_ITEM_KINDS.map((k) => `shop-${k}` as const),
  ...VOLUNTEER_SKILLS.map((s) => `activity-${s}` as const),
  ...STATION_KINDS.map((k) => `station-${k}` as const),
]
export type DefaultPicture = (typeof DEFAULT_PICTURES)[number]

/** The file names served at /api/pictures/:name: a 640×360 banner and a 192×192 list thumbnail of each. */
export const DEFAULT_PICTURE_FILES = DEFAULT_PICTURES.flatMap((name) => [`${name}.png`, `${name}.thumb.png`])

const PICTURES_DIR = path.resolve(__dirname, '../../../assets/pictures')

/** The default pictures' bytes, read once (32 files, ~0.5 MB). */
export function loadDefaultPictures(): Map<string, Buffer> {
  return new Map(DEFAULT_PICTURE_FILES.map((file) => [file, readFileSync(path.join(PICTURES_DIR, file))]))
}

export const shopItemPicture = (kind: ShopItemKind): DefaultPicture => `shop-${kind}`
export const stationPicture = (kind: StationKind): DefaultPicture => `station-${kind}`
/** An activity looks like its first skill; one without skills like 综合服务. */
export const activityPicture = (skills: readonly string[]): DefaultPicture => {
  const first = skills.find((s): s is VolunteerSkill => (VOLUNTEER_SKILLS as readonly string[]).includes(s))
  return `activity-${first ?? 'general'}`
}

/**
 * A record's picture from its photo (the upload's id and storage key, selected with the record; a photo whose
 * upload is gone counts as none) or, without one, its default.
 */
export function pictureOf(photoId: number | null, storageKey: string | null, fallback: DefaultPicture): Picture {
  if (photoId !== null && storageKey) {
    const url = fileUrl(storageKey)
    return { photo: { id: photoId, url }, imageUrl: url, thumbnailUrl: `${url}?w=${THUMBNAIL_WIDTH}` }
  }
  return { photo: null, imageUrl: `/api/pictures/${fallback}.png`, thumbnailUrl: `/api/pictures/${fallback}.thumb.png` }
}
