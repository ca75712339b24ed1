import { expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import type { Booking } from '../../types/api/booking'
import { ERRORS } from '../../types/api/errors'

/* What the server suites check of the API's answers: statuses, the error shape, authorisation matrices. */

/** The bearer header of a caller. */
export type As = { authorization: string }
export type Res = LightMyRequestResponse

/** An instant of the API: a China date and clock time, e.g. iso('2026-11-18', '14:00'). */
export const iso = (day: string, clock: string) => `${day}T${clock}:00+08:00`

export function expectError(res: Res, status: number, code: keyof typeof ERRORS, message?: string | RegExp) {
  expect(res.statusCode, res.body).toBe(status)
  expect(res.json().code, res.body).toBe(code)
  expect(ERRORS[code].status).toBe(status)
  if (typeof message === 'string') expect(res.json().message).toBe(message)
  else if (message) expect(res.json().message).toMatch(message)
}

/** The response's body, once its status is the expected success. */
export function ok<T = Booking>(res: Res, status = 200): T {
  expect(res.statusCode, res.body).toBe(status)
  return res.json() as T
}

/** Who an authorisation matrix asks. */
export type Actor = 'resident' | 'volunteer' | 'staff elsewhere' | 'staff' | 'admin'
export const ACTORS: Actor[] = ['resident', 'volunteer', 'staff elsewhere', 'staff', 'admin']
/** A success status, or an error status with its code. */
export type Outcome = number | [number, keyof typeof ERRORS]
/** A route of the matrix: how to call it as someone, and what each caller gets. */
export type MatrixRow = { route: string; run: (as: As) => Promise<Res>; outcomes: Record<Actor, Outcome> }

/** One test per route and caller: the route answers that caller as its row says. */
export function itAnswersEachCaller(rows: MatrixRow[], as: Partial<Record<Actor, As>>) {
  const cells = rows.flatMap((row) => ACTORS.map((actor) => [row.route, actor, row.outcomes[actor], row] as const))
  it.each(cells)('%s by %s → %j', async (_route, actor, outcome, row) => {
    const res = await row.run(as[actor]!)
    if (typeof outcome === 'number') {
      expect(res.statusCode, res.body).toBe(outcome)
    } else {
      expectError(res, outcome[0], outcome[1])
    }
  })
}

/** Every error leaves in the one shape: a 4xx with a code from the table and a Chinese message. */
export function expectClientError(res: Res, label = '') {
  expect(res.statusCode, `${label} ${res.body}`).toBeGreaterThanOrEqual(400)
  expect(res.statusCode, `${label} ${res.body}`).toBeLessThan(500)
  const { code, message } = res.json() as { code: keyof typeof ERRORS; message: string }
  expect(ERRORS[code]?.status, res.body).toBe(res.statusCode)
  expect(message).toMatch(/[\u4e00-\u9fa5]/)
}
