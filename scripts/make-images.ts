/**
 * Draws the tab-bar icons and the empty-state picture as PNG files in src/assets, and the default pictures of
 * shop items, activities and stations in server/assets/pictures (all committed). Shapes are signed-distance
 * functions, so the icons stay crisp and the script needs no image library.
 * Run: npx tsx scripts/make-images.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs'
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

/**
 * RGBA rows (each after its filter byte) as a PNG. Our flat icons have at most a few hundred colours, edges included:
 * within 256 they can be written as indexed colour, lossless, which is mostly smaller (the main package carries
 * them); whichever encoding is smaller is kept.
 */
function encodePng(width: number, height: number, raw: Buffer): Buffer {
  const header = (colourType: number) => {
    const ihdr = Buffer.alloc(13)
    ihdr.writeUInt32BE(width, 0)
    ihdr.writeUInt32BE(height, 4)
    ihdr[8] = 8
    ihdr[9] = colourType
    return chunk('IHDR', ihdr)
  }
  const file = (...chunks: Buffer[]) => Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), ...chunks, chunk('IEND', Buffer.alloc(0))])
  const deflate = (rows: Buffer) => chunk('IDAT', deflateSync(rows, { level: 9 }))

  const truecolour = file(header(6), deflate(raw))
  const palette = new Map<number, number>()
  const indexed = Buffer.alloc((width + 1) * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const rgba = raw.readUInt32BE(y * (width * 4 + 1) + 1 + x * 4)
      let index = palette.get(rgba)
      if (index === undefined) {
        if (palette.size === 256) return truecolour
        index = palette.size
        palette.set(rgba, index)
      }
      indexed[y * (width + 1) + 1 + x] = index
    }
  }
  const colours = [...palette.keys()]
  const plte = Buffer.from(colours.flatMap((c) => [c >>> 24, (c >>> 16) & 0xff, (c >>> 8) & 0xff]))
  const alpha = Buffer.from(colours.map((c) => c & 0xff))
  const paletted = file(header(3), chunk('PLTE', plte), chunk('tRNS', alpha), deflate(indexed))
  return paletted.length < truecolour.length ? paletted : truecolour
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
  return encodePng(width, height, raw)
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

/* ---------------------------------------------------------------------------------------------------------
 * Default pictures: what a shop item, an activity or a station shows until staff upload a photo. The server
 * serves them (server/assets/pictures) rather than the mini-program carrying them: the 活动 tab (main package)
 * and 首页 show them, and the main package must stay small. Each is a soft diagonal gradient in the kind's colour
 * with a white glyph, as a 640×360 banner (detail pages) and a 192×192 square (list thumbnails).
 */

/** Exact distance to a closed polygon (any shape, convex or not). */
const polygon = (points: [number, number][]): Shape => (x, y) => {
  let d = Math.hypot(x - points[0]![0], y - points[0]![1]) ** 2
  let s = 1
  for (let i = 0, j = points.length - 1; i < points.length; j = i, i++) {
    const [vx, vy] = points[i]!
    const [ux, uy] = points[j]!
    const [ex, ey] = [ux - vx, uy - vy]
    const [wx, wy] = [x - vx, y - vy]
    const t = Math.max(0, Math.min(1, (wx * ex + wy * ey) / (ex * ex + ey * ey)))
    d = Math.min(d, (wx - ex * t) ** 2 + (wy - ey * t) ** 2)
    const c = [y >= vy, y < uy, ex * wy > ey * wx]
    if (c.every(Boolean) || c.every((v) => !v)) s = -s
  }
  return s * Math.sqrt(d)
}
const roundBox = (x0: number, y0: number, x1: number, y1: number, r: number): Shape => (x, y) => box(x0 + r, y0 + r, x1 - r, y1 - r)(x, y) - r
/** A stroke from a to b, `width` thick with round ends. */
const segment = (a: [number, number], b: [number, number], width: number): Shape => (x, y) => {
  const [ex, ey] = [b[0] - a[0], b[1] - a[1]]
  const t = Math.max(0, Math.min(1, ((x - a[0]) * ex + (y - a[1]) * ey) / (ex * ex + ey * ey)))
  return Math.hypot(x - a[0] - ex * t, y - a[1] - ey * t) - width / 2
}
const intersect = (a: Shape, b: Shape): Shape => (x, y) => Math.max(a(x, y), b(x, y))
const star = (cx: number, cy: number, outer: number, inner: number): Shape =>
  polygon(Array.from({ length: 10 }, (_, i) => {
    const r = i % 2 ? inner : outer
    const angle = -Math.PI / 2 + (i * Math.PI) / 5
    return [cx + r * Math.cos(angle), cy + r * Math.sin(angle)] as [number, number]
  }))
const house = ICONS.home!
const heart = ICONS.wish!

/** Glyphs in a unit square (y down), drawn white. */
const GLYPHS: Record<string, Shape> = {
  // 商品: a gift box with its ribbon and bow.
  goods: union(
    minus(union(roundBox(0.2, 0.44, 0.8, 0.86, 0.03), roundBox(0.14, 0.32, 0.86, 0.44, 0.03)), union(box(0.465, 0.3, 0.535, 0.88), box(0.1, 0.435, 0.9, 0.46))),
    ring(circle(0.41, 0.24, 0.07), 0.045), ring(circle(0.59, 0.24, 0.07), 0.045),
  ),
  // 服务: a voucher with notched sides and a perforation.
  service: minus(
    roundBox(0.1, 0.28, 0.9, 0.72, 0.05),
    union(circle(0.1, 0.5, 0.08), circle(0.9, 0.5, 0.08), box(0.625, 0.33, 0.655, 0.4), box(0.625, 0.465, 0.655, 0.535), box(0.625, 0.6, 0.655, 0.67), star(0.37, 0.5, 0.14, 0.06)),
  ),
  // 党群服务中心: a house with a flag.
  center: union(house, box(0.755, 0.05, 0.785, 0.4), triangle([0.785, 0.05], [0.94, 0.12], [0.785, 0.19])),
  // 网格服务站: a house.
  grid_station: house,
  elderly_care: heart,
  medical: union(roundBox(0.38, 0.16, 0.62, 0.84, 0.04), roundBox(0.16, 0.38, 0.84, 0.62, 0.04)),
  // 义剪: scissors.
  haircut: union(ring(circle(0.3, 0.74, 0.1), 0.06), ring(circle(0.7, 0.74, 0.1), 0.06), segment([0.36, 0.64], [0.68, 0.14], 0.07), segment([0.64, 0.64], [0.32, 0.14], 0.07)),
  // 家电维修: a wrench.
  repair: union(segment([0.26, 0.76], [0.56, 0.46], 0.12), minus(circle(0.66, 0.34, 0.19), union(circle(0.76, 0.24, 0.1), polygon([[0.76, 0.24], [1, 0.1], [1, 0.4]])))),
  // 法律咨询: scales.
  legal: union(
    box(0.47, 0.18, 0.53, 0.8), roundBox(0.3, 0.78, 0.7, 0.86, 0.03), box(0.16, 0.22, 0.84, 0.27),
    segment([0.24, 0.25], [0.13, 0.52], 0.02), segment([0.24, 0.25], [0.35, 0.52], 0.02), intersect(circle(0.24, 0.52, 0.13), box(0, 0.52, 1, 1)),
    segment([0.76, 0.25], [0.65, 0.52], 0.02), segment([0.76, 0.25], [0.87, 0.52], 0.02), intersect(circle(0.76, 0.52, 0.13), box(0, 0.52, 1, 1)),
  ),
  // 心理疏导: a speech bubble.
  counselling: minus(union(roundBox(0.12, 0.2, 0.88, 0.66, 0.12), triangle([0.28, 0.6], [0.46, 0.6], [0.24, 0.84])), union(circle(0.32, 0.43, 0.05), circle(0.5, 0.43, 0.05), circle(0.68, 0.43, 0.05))),
  // 学业辅导: an open book.
  tutoring: minus(
    union(polygon([[0.12, 0.26], [0.47, 0.32], [0.47, 0.82], [0.12, 0.76]]), polygon([[0.53, 0.32], [0.88, 0.26], [0.88, 0.76], [0.53, 0.82]])),
    union(segment([0.2, 0.4], [0.4, 0.44], 0.03), segment([0.2, 0.52], [0.4, 0.56], 0.03), segment([0.6, 0.44], [0.8, 0.4], 0.03), segment([0.6, 0.56], [0.8, 0.52], 0.03)),
  ),
  // 文艺宣传: two beamed notes.
  culture: union(circle(0.3, 0.72, 0.1), circle(0.68, 0.64, 0.1), box(0.355, 0.26, 0.405, 0.72), box(0.735, 0.18, 0.785, 0.64), polygon([[0.355, 0.22], [0.785, 0.12], [0.785, 0.24], [0.355, 0.34]])),
  // 环境整治: a leaf with its vein and stem.
  environment: union(minus(intersect(circle(0.76, 0.76, 0.5), circle(0.24, 0.24, 0.5)), segment([0.3, 0.7], [0.66, 0.34], 0.03)), segment([0.27, 0.73], [0.14, 0.86], 0.05)),
  // 应急救援: a warning sign.
  emergency: minus(polygon([[0.5, 0.12], [0.9, 0.84], [0.1, 0.84]]), union(roundBox(0.465, 0.36, 0.535, 0.64, 0.03), circle(0.5, 0.73, 0.04))),
  // 智能手机教学: a phone.
  digital: minus(roundBox(0.3, 0.1, 0.7, 0.9, 0.08), union(box(0.35, 0.2, 0.65, 0.74), circle(0.5, 0.82, 0.035))),
  // 综合服务 (and an activity without a skill): a star.
  general: star(0.5, 0.53, 0.42, 0.18),
}

/** [top-left, bottom-right] of each picture's gradient. */
const PICTURES: Record<string, { glyph: string; colors: [Rgb, Rgb] }> = {
  'shop-goods': { glyph: 'goods', colors: [[255, 176, 84], [240, 101, 47]] },
  'shop-service': { glyph: 'service', colors: [[255, 128, 118], [214, 52, 52]] },
  'station-center': { glyph: 'center', colors: [[236, 96, 80], [192, 38, 30]] },
  'station-grid_station': { glyph: 'grid_station', colors: [[62, 178, 160], [0, 121, 107]] },
  'activity-elderly_care': { glyph: 'elderly_care', colors: [[244, 114, 160], [196, 36, 98]] },
  'activity-medical': { glyph: 'medical', colors: [[86, 190, 178], [0, 137, 123]] },
  'activity-haircut': { glyph: 'haircut', colors: [[160, 128, 214], [98, 60, 180]] },
  'activity-repair': { glyph: 'repair', colors: [[108, 184, 246], [30, 120, 214]] },
  'activity-legal': { glyph: 'legal', colors: [[128, 142, 210], [57, 73, 171]] },
  'activity-counselling': { glyph: 'counselling', colors: [[92, 200, 246], [3, 140, 214]] },
  'activity-tutoring': { glyph: 'tutoring', colors: [[255, 200, 70], [245, 134, 0]] },
  'activity-culture': { glyph: 'culture', colors: [[255, 146, 110], [226, 72, 30]] },
  'activity-environment': { glyph: 'environment', colors: [[132, 202, 120], [46, 140, 60]] },
  'activity-emergency': { glyph: 'emergency', colors: [[240, 96, 90], [190, 36, 36]] },
  'activity-digital': { glyph: 'digital', colors: [[84, 206, 222], [0, 142, 160]] },
  'activity-general': { glyph: 'general', colors: [[255, 130, 84], [213, 43, 30]] },
}

/** An opaque RGB picture: gradient, two soft circles and a halo for depth, the glyph centred at `glyphSize` px. */
function picture(width: number, height: number, glyphSize: number, colors: [Rgb, Rgb], glyph: Shape): Buffer {
  const cx = width / 2
  const cy = height / 2
  const g = glyphSize
  // Decoration in glyph units around the centre, so the banner and the square look alike.
  const soft: { shape: Shape; alpha: number }[] = [
    { shape: circle(-0.75, 1.15, 0.95), alpha: 0.1 },
    { shape: circle(1.85, -0.35, 0.8), alpha: 0.1 },
    { shape: circle(0.5, 0.5, 0.72), alpha: 0.16 },
  ]
  const stride = width * 3 + 1
  const raw = Buffer.alloc(stride * height)
  for (let py = 0; py < height; py++) {
    const row = py * stride
    raw[row] = 1 // filter Sub: a gradient compresses to a few KB
    const line = Buffer.alloc(width * 3)
    for (let px = 0; px < width; px++) {
      const t = ((px + 0.5) / width + (py + 0.5) / height) / 2
      let rgb = colors[0].map((c, i) => c + (colors[1][i]! - c) * t) as Rgb
      const gx = (px + 0.5 - cx) / g + 0.5
      const gy = (py + 0.5 - cy) / g + 0.5
      const over = (alpha: number, d: number) => {
        const cover = Math.max(0, Math.min(1, 0.5 - d * g)) * alpha
        rgb = rgb.map((c) => c + (255 - c) * cover) as Rgb
      }
      for (const { shape, alpha } of soft) over(alpha, shape(gx, gy))
      over(1, glyph(0.5 + (gx - 0.5) / 0.62, 0.5 + (gy - 0.5) / 0.62) * 0.62)
      line.set(rgb.map(Math.round), px * 3)
    }
    for (let i = 0; i < line.length; i++) raw[row + 1 + i] = (line[i]! - (i >= 3 ? line[i - 3]! : 0)) & 0xff
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8
  ihdr[9] = 2
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))])
}

const picturesDir = path.resolve(__dirname, '..', 'server', 'assets', 'pictures')
mkdirSync(picturesDir, { recursive: true })
for (const [name, { glyph, colors }] of Object.entries(PICTURES)) {
  writeFileSync(path.join(picturesDir, `${name}.png`), picture(640, 360, 220, colors, GLYPHS[glyph]!))
  writeFileSync(path.join(picturesDir, `${name}.thumb.png`), picture(192, 192, 140, colors, GLYPHS[glyph]!))
}
console.log(`wrote ${Object.keys(PICTURES).length} default pictures to ${path.relative(process.cwd(), picturesDir)}`)

/* ---------------------------------------------------------------------------------------------------------
 * The other two states of a page (src/components/empty-state.tsx): an error (a cloud that did not get through)
 * and the logged-out state (a person at a door), each unlike the empty box, so a failure never looks like an
 * empty list.
 */
const cloud = union(circle(0.36, 0.54, 0.13), circle(0.52, 0.45, 0.17), circle(0.67, 0.56, 0.12), roundBox(0.23, 0.54, 0.79, 0.68, 0.07))
writeFileSync(
  path.join(outDir, 'error.png'),
  png(240, 240, [
    { shape: circle(0.5, 0.55, 0.42), color: [255, 241, 240] },
    { shape: minus(cloud, union(roundBox(0.49, 0.38, 0.55, 0.56, 0.02), circle(0.52, 0.62, 0.03))), color: [240, 150, 140] },
  ]),
)
writeFileSync(
  path.join(outDir, 'login.png'),
  png(240, 240, [
    { shape: circle(0.5, 0.55, 0.42), color: [230, 244, 255] },
    { shape: minus(roundBox(0.3, 0.26, 0.7, 0.84, 0.03), box(0.34, 0.3, 0.66, 0.84)), color: [120, 160, 220] },
    { shape: union(circle(0.5, 0.48, 0.07), minus(circle(0.5, 0.8, 0.15), box(0, 0.8, 1, 1))), color: [70, 120, 200] },
  ]),
)

/*
 * 首页's entry grid: one flat tile per job, a white glyph on the job's colour (72 px: 36 px on the phone, drawn
 * at 2×). They live in the main package with 首页, so they are flat colours that compress to well under 1 KB.
 */
const coin = minus(circle(0.5, 0.5, 0.38), union(ring(circle(0.5, 0.5, 0.29), 0.04), star(0.5, 0.52, 0.2, 0.09)))
const HOME_ENTRIES: Record<string, { glyph: Shape; color: Rgb }> = {
  'wish-post': { glyph: heart, color: [226, 76, 120] },
  'wish-wall': { glyph: GLYPHS.counselling!, color: [240, 120, 60] },
  stations: { glyph: GLYPHS.center!, color: [213, 43, 30] },
  bookings: { glyph: GLYPHS.service!, color: [46, 140, 90] },
  activities: { glyph: GLYPHS.general!, color: [245, 134, 0] },
  calendar: { glyph: ICONS.activity!, color: [30, 120, 214] },
  points: { glyph: coin, color: [212, 136, 6] },
  shop: { glyph: GLYPHS.goods!, color: [98, 60, 180] },
}
mkdirSync(path.join(outDir, 'home'), { recursive: true })
for (const [name, { glyph, color }] of Object.entries(HOME_ENTRIES)) {
  // The glyph at 64 % of the tile, centred.
  const inner: Shape = (x, y) => glyph(0.5 + (x - 0.5) / 0.64, 0.5 + (y - 0.5) / 0.64) * 0.64
  writeFileSync(path.join(outDir, 'home', `${name}.png`), png(72, 72, [{ shape: roundBox(0, 0, 1, 1, 0.24), color }, { shape: inner, color: [255, 255, 255] }]))
}
console.log(`wrote error.png, login.png and ${Object.keys(HOME_ENTRIES).length} home entry icons`)
