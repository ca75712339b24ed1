/**
 * What storing a picture costs the server: processImage (uploads.image.ts) — decode, turn upright, shrink to
 * 2048 px, re-encode as JPEG without metadata, and make the 320 px thumbnail — on a 3000×4000 phone photo (12 MP,
 * EXIF orientation 6 and GPS), as the camera writes it (JPEG quality 92) and as the mini-program sends it after
 * compressImage (quality 70, same size). The photo is made with sharp: noise blurred into a photo's texture, so
 * the encoder has real detail to work on. Each figure is the median of ROUNDS runs, after one warm-up.
 *   npx tsx bench/uploads.ts        (npm run bench:uploads)
 */
import { performance } from 'node:perf_hooks'
import sharp from 'sharp'
import { processImage } from '../server/src/modules/uploads/uploads.image'

const ROUNDS = Number(process.env.ROUNDS ?? 7)
const WIDTH = 3000
const HEIGHT = 4000
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`

async function phonePhoto(quality: number): Promise<Buffer> {
  const texture = await sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
    .blur(2.5)
    .modulate({ saturation: 1.4 })
    .raw()
    .toBuffer({ resolveWithObject: true })
  return sharp(texture.data, { raw: texture.info })
    .jpeg({ quality })
    .withMetadata({ orientation: 6 })
    .withExifMerge({ IFD0: { Make: 'Phone', Model: 'Bench' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '50/1 14/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '127/1 31/1 0/1' } })
    .toBuffer()
}

async function measure(label: string, input: Buffer) {
  const out = await processImage(input) // warm-up (and the sizes)
  const times: number[] = []
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now()
    await processImage(input)
    times.push(performance.now() - start)
  }
  console.log(
    `${label}: ${kb(input.length)} in → ${out.width}×${out.height} ${kb(out.bytes.length)} + thumbnail ${kb(out.thumbnail.length)}; ` +
      `median ${median(times).toFixed(0)} ms (runs ${times.map((t) => t.toFixed(0)).join(', ')})`,
  )
}

async function main() {
  console.log(`sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}, concurrency ${sharp.concurrency()} threads; ${ROUNDS} runs each`)
  await measure(`camera JPEG q92 ${WIDTH}×${HEIGHT}`, await phonePhoto(92))
  await measure(`after compressImage q70 ${WIDTH}×${HEIGHT}`, await phonePhoto(70))
}

void main()
