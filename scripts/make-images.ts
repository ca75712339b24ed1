/**
 * Draws the tab-bar icons and the empty-state picture as PNG files in src/assets (committed). Shapes are
 * signed-distance functions, so the icons stay crisp and the script needs no image library.
 * Run: npx tsx scripts/make-images.ts
 */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { deflateSync } from 'node:zlib'

type Rgb = [number, number, number]
/** Distance from (x, y) to the shape's edge: negative inside. Coordinates are in 0..1 of the canvas. */
type Shape = (x: number, y: number) => number

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc32 = (buf: Buffer) => {
  let c = 0xffffffff
  for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
const chunk = (type: string, data: Buffer) => {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}

function png(width: number, height: number, layers: { shape: Shape; color: Rgb }[]): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height)
  for (let py = 0; py < height; py++) {
    raw[py * (width * 4 + 1)] = 0
    for (let px = 0; px < width; px++) {
      let [r, g, b, a] = [0, 0, 0, 0]
      for (const { shape, color } of layers) {
        const d = shape((px + 0.5) / width, (py + 0.5) / height) * width
        const cover = Math.max(0, Math.min(1, 0.5 - d)) // one-pixel anti-aliased edge
        if (cover <= 0) continue
        r = color[0] * cover + r * (1 - cover)
        g = color[1] * cover + g * (1 - cover)
        b = color[2] * cover + b * (1 - cover)
        a = cover + a * (1 - cover)
      }
      const o = py * (width * 4 + 1) + 1 + px * 4
      // Colours were blended premultiplied; store straight alpha.
      raw[o] = a ? Math.round(r / a) : 0
      raw[o + 1] = a ? Math.round(g / a) : 0
      raw[o + 2] = a ? Math.round(b / a) : 0
      raw[o + 3] = Math.round(a * 255)
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8
  ihdr[9] = 6
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))])
}

const circle = (cx: number, cy: number, r: number): Shape => (x, y) => Math.hypot(x - cx, y - cy) - r
const box = (x0: number, y0: number, x1: number, y1: number): Shape => (x, y) => {
  const dx = Math.max(x0 - x, x - x1)
  const dy = Math.max(y0 - y, y - y1)
  return dx > 0 && dy > 0 ? Math.hypot(dx, dy) : Math.max(dx, dy)
}
/** Triangle with the given corners (convex, any orientation). */
const triangle = (a: [number, number], b: [number, number], c: [number, number]): Shape => (x, y) => {
  const edges = [[a, b], [b, c], [c, a]] as const
  const sign = Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]))
  return Math.max(
    ...edges.map(([p, q]) => {
      const len = Math.hypot(q[0] - p[0], q[1] - p[1])
      return (-sign * ((q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]))) / len
    }),
  )
}
const union = (...shapes: Shape[]): Shape => (x, y) => Math.min(...shapes.map((s) => s(x, y)))
const minus = (a: Shape, b: Shape): Shape => (x, y) => Math.max(a(x, y), -b(x, y))
const ring = (s: Shape, width: number): Shape => (x, y) => Math.abs(s(x, y)) - width / 2

const ICONS: Record<string, Shape> = {
  // 首页: a house with a door.
  home: minus(union(triangle([0.12, 0.5], [0.5, 0.14], [0.88, 0.5]), box(0.22, 0.46, 0.78, 0.86)), box(0.42, 0.62, 0.58, 0.86)),
  // 心愿: a heart.
  wish: union(circle(0.35, 0.4, 0.19), circle(0.65, 0.4, 0.19), triangle([0.17, 0.47], [0.83, 0.47], [0.5, 0.86])),
  // 活动: a calendar page.
  activity: minus(union(box(0.16, 0.22, 0.84, 0.86), box(0.3, 0.12, 0.38, 0.28), box(0.62, 0.12, 0.7, 0.28)), union(box(0.24, 0.4, 0.76, 0.78))),
  // 我的: head and shoulders.
  me: union(circle(0.5, 0.34, 0.17), minus(circle(0.5, 0.92, 0.36), box(0, 0.9, 1, 1))),
}

const outDir = path.resolve(__dirname, '..', 'src', 'assets')
const GREY: Rgb = [140, 140, 140]
const RED: Rgb = [213, 43, 30] // 党建红, the brand colour
for (const [name, shape] of Object.entries(ICONS)) {
  writeFileSync(path.join(outDir, 'tab', `${name}.png`), png(81, 81, [{ shape, color: GREY }]))
  writeFileSync(path.join(outDir, 'tab', `${name}-active.png`), png(81, 81, [{ shape, color: RED }]))
}

// Empty state: an open box in soft grey.
const emptyBox = union(
  box(0.3, 0.42, 0.7, 0.8),
  triangle([0.3, 0.42], [0.18, 0.3], [0.42, 0.3]),
  triangle([0.7, 0.42], [0.82, 0.3], [0.58, 0.3]),
)
writeFileSync(
  path.join(outDir, 'empty.png'),
  png(240, 240, [
    { shape: circle(0.5, 0.55, 0.42), color: [245, 245, 245] },
    { shape: emptyBox, color: [208, 208, 208] },
    { shape: ring(box(0.3, 0.42, 0.7, 0.8), 0.012), color: [180, 180, 180] },
  ]),
)
console.log(`wrote icons and empty.png to ${path.relative(process.cwd(), outDir)}`)
