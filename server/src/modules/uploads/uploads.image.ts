import sharp, { type Metadata, type Sharp } from 'sharp'
import { AppError } from '../../http/app-error'

/*
 * A picture is decoded for real and stored re-encoded: whatever the client sent (a polyglot with HTML or
 * <script> after the magic bytes, EXIF with the GPS position of the phone, anything trailing the image data)
 * never reaches a reader. Only JPEG, PNG and WebP are decoded; everything else libvips could open (SVG, GIF,
 * TIFF, HEIF, …) is refused from the header before any pixel is decoded.
 */

/** Larger inputs are refused before decoding (a decompression bomb stays a header): 50 MP covers every phone camera. */
export const MAX_INPUT_PIXELS = 50_000_000
/** Neither side may exceed this (a 1×50 000 000 strip is no photo). */
export const MAX_INPUT_SIDE = 16_384
/** The stored picture fits in this square: plenty for a phone screen, a fraction of a 12 MP photo's bytes. */
export const MAX_STORED_SIDE = 2048
/** The width of the list thumbnail (`?w=320`): 2× the ~160 px a list row shows it at. */
export const THUMBNAIL_WIDTH = 320

const DECODABLE = new Set(['jpeg', 'png', 'webp'])

export type ProcessedImage = {
  mimeType: 'image/jpeg' | 'image/png'
  extension: 'jpg' | 'png'
  bytes: Buffer
  thumbnail: Buffer
  width: number
  height: number
}

/**
 * Decodes, turns upright (EXIF orientation), shrinks to MAX_STORED_SIDE and re-encodes without any metadata:
 * JPEG for photos, PNG when the picture really uses transparency (a logo, a screenshot with a cut-out). Throws
 * UPLOAD_INVALID for anything that is not a decodable JPEG/PNG/WebP and UPLOAD_IMAGE_TOO_LARGE past the caps.
 */
export async function processImage(input: Buffer): Promise<ProcessedImage> {
  let meta: Metadata
  try {
    meta = await sharp(input).metadata()
  } catch {
    throw new AppError('UPLOAD_INVALID')
  }
  if (!meta.format || !DECODABLE.has(meta.format) || !meta.width || !meta.height) throw new AppError('UPLOAD_INVALID')
  if (meta.width * meta.height > MAX_INPUT_PIXELS || meta.width > MAX_INPUT_SIDE || meta.height > MAX_INPUT_SIDE) throw new AppError('UPLOAD_IMAGE_TOO_LARGE')

  // failOn 'error': a truncated or corrupt image is refused rather than stored half grey.
  const decode = () => sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', pages: 1 })
  try {
    const transparent = meta.hasAlpha && !(await decode().stats()).isOpaque
    const upright = decode().autoOrient().resize({ width: MAX_STORED_SIDE, height: MAX_STORED_SIDE, fit: 'inside', withoutEnlargement: true })
    const encode = (image: Sharp) => (transparent ? image.png({ compressionLevel: 6 }) : image.flatten({ background: '#ffffff' }).jpeg({ quality: 82 }))
    const { data: bytes, info } = await encode(upright).toBuffer({ resolveWithObject: true })
    // From the re-encoded picture: a small decode, and JPEG shrink-on-load makes it cheaper still.
    const thumbnail = await encode(sharp(bytes).resize({ width: THUMBNAIL_WIDTH, withoutEnlargement: true })).toBuffer()
    return transparent
      ? { mimeType: 'image/png', extension: 'png', bytes, thumbnail, width: info.width, height: info.height }
      : { mimeType: 'image/jpeg', extension: 'jpg', bytes, thumbnail, width: info.width, height: info.height }
  } catch {
    // The header was fine but the data is not (truncated, corrupt): the client's file, not our failure.
    throw new AppError('UPLOAD_INVALID')
  }
}
