import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import sharp from 'sharp'
import { createTestApp, type TestApp } from '../support/test-app'
import { demoLookup } from '../support/demo-lookup'

/** The whole life of a wish through the API, as the e2e journey walks it in the browser. */

let t: TestApp
let look: ReturnType<typeof demoLookup>
let resident: { authorization: string }
let staff: { authorization: string }
let volunteer: { authorization: string }

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

function multipart(bytes: Buffer, filename = 'photo.png') {
  const boundary = '----doorstep-test'
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: image/png\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return { body, contentType: `multipart/form-data; boundary=${boundary}` }
}

beforeAll(async () => {
  t = await createTestApp({ now: new Date('2026-11-17T10:00:00+08:00') })
  look = demoLookup(t.handle.db)
  resident = await t.headersAs('resident')
  staff = await t.headersAs('staff')
  volunteer = await t.headersAs('volunteer')
})
afterAll(() => t.close())

const post = (url: string, headers: Record<string, string>, payload: object = {}) => t.app.inject({ method: 'POST', url, headers, payload })
const upload = async (headers: { authorization: string }, purpose: string, bytes = PNG) => {
  const { body, contentType } = multipart(bytes)
  return t.app.inject({ method: 'POST', url: `/api/uploads?purpose=${purpose}`, headers: { ...headers, 'content-type': contentType }, payload: body })
}

describe('a wish from posting to thanks', () => {
  it('walks post → approve → claim → fulfil → confirm, and pays the claimer once', async () => {
    const photo = await upload(resident, 'wish_photo')
    expect(photo.statusCode).toBe(201)
    const created = await post('/api/wishes', resident, {
      category: 'elderly_care',
      title: '想请人帮忙贴春联',
      description: '过年想贴春联，个子矮够不着门框上面。',
      photoIds: [photo.json().id],
      valueYuan: 0,
      contactPreference: 'phone',
      neededBy: '2027-02-10',
    })
    expect(created.statusCode).toBe(201)
    const wish = created.json()
    expect(wish).toMatchObject({ status: 'pending', mine: true, actions: ['withdraw'], photos: [{ id: photo.json().id }] })
    // Served as stored: decoded and re-encoded, still the 1×1 PNG.
    expect(await sharp((await t.app.inject({ method: 'GET', url: wish.photos[0].url })).rawPayload).metadata()).toMatchObject({ format: 'png', width: 1, height: 1 })

    const approved = await post(`/api/staff/wishes/${wish.id}/approve`, staff, {})
    expect(approved.statusCode).toBe(200)
    expect(approved.json().status).toBe('open')

    const claimed = await post(`/api/wishes/${wish.id}/claim`, volunteer)
    expect(claimed.statusCode).toBe(200)
    expect(claimed.json()).toMatchObject({ status: 'claimed', actions: ['give_up', 'fulfil'], contact: { name: '张秀兰', phone: '13845675678' } })

    const proof = await upload(volunteer, 'proof_photo')
    const fulfilled = await post(`/api/wishes/${wish.id}/fulfil`, volunteer, { proofPhotoId: proof.json().id, note: '春联已贴好' })
    expect(fulfilled.statusCode).toBe(200)

    const li = await look.person('李建国')
    const before = await look.balance(li.householdId!)
    const confirmed = await post(`/api/wishes/${wish.id}/confirm`, resident, { thanks: '谢谢小李！', rating: 5 })
    expect(confirmed.statusCode).toBe(200)
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', confirmation: { thanks: '谢谢小李！', rating: 5, byStaff: false } })
    expect(confirmed.json().timeline.map((e: { kind: string }) => e.kind)).toEqual(['posted', 'approved', 'claimed', 'fulfilled', 'confirmed'])
    expect(await look.balance(li.householdId!)).toBe(before + 10)
  })
})
