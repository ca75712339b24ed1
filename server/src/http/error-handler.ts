import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod'
import { ERRORS, type ErrorResponse, type FieldIssue } from '../../../types/api/errors'
import { AppError } from './app-error'
import { isDatabaseUnavailable, sqlState } from '../db/client'

/**
 * Maps every failure to `{ code, message, details? }`: AppErrors as they are, invalid input to 400 with the
 * fields at fault, Fastify's own client errors to their status, and anything unexpected to a logged 500 that
 * reveals nothing of the server.
 */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const send = (status: number, body: ErrorResponse) => reply.status(status).send(body)

    if (err instanceof AppError) {
      if (err.status >= 500) request.log.error({ err }, 'service failure')
      return send(err.status, { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) })
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details: FieldIssue[] = err.validation.map((v) => ({
        path: [err.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
        message: v.message ?? '格式不正确',
      }))
      const first = details[0]
      const message = first ? `${ERRORS.VALIDATION_FAILED.message}：${first.message}` : ERRORS.VALIDATION_FAILED.message
      return send(400, { code: 'VALIDATION_FAILED', message, details })
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err, issues: err.cause?.issues }, 'response does not match its contract')
      return send(500, { code: 'INTERNAL', message: ERRORS.INTERNAL.message })
    }
    if (err.statusCode === 429) return send(429, { code: 'RATE_LIMITED', message: ERRORS.RATE_LIMITED.message })
    // @fastify/under-pressure refusing work while the instance is overloaded (it set Retry-After).
    if (err.statusCode === 503) return send(503, { code: 'SERVICE_UNAVAILABLE', message: ERRORS.SERVICE_UNAVAILABLE.message })
    if (err.statusCode === 413) return send(413, { code: 'PAYLOAD_TOO_LARGE', message: ERRORS.PAYLOAD_TOO_LARGE.message })
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      // Malformed JSON, wrong content type, empty body: the client's fault, never a 500.
      return send(400, { code: 'BAD_REQUEST', message: ERRORS.BAD_REQUEST.message })
    }
    const state = sqlState(err)
    if (state === '40001' || state === '40P01' || state === '55P03' || state === '57014') {
      request.log.warn({ err }, 'transient database conflict')
      return send(503, { code: 'SERVICE_UNAVAILABLE', message: ERRORS.SERVICE_UNAVAILABLE.message })
    }
    if (state === '23503') {
      // A foreign key refused the write: an id in the request names nothing (an admin may name any community, say).
      // Services check what they can and say which; this is the net under the ones that do not.
      request.log.warn({ err }, 'write refers to a row that does not exist')
      return send(404, { code: 'NOT_FOUND', message: ERRORS.NOT_FOUND.message })
    }
    if (isDatabaseUnavailable(err)) {
      // PostgreSQL restarting or failing over: the pool reconnects by itself; the client retries later.
      request.log.warn({ err }, 'database unavailable')
      reply.header('retry-after', '5')
      return send(503, { code: 'SERVICE_UNAVAILABLE', message: ERRORS.SERVICE_UNAVAILABLE.message })
    }
    if (isMalformedMultipart(err)) return send(400, { code: 'BAD_REQUEST', message: ERRORS.BAD_REQUEST.message })
    request.log.error({ err }, 'unhandled error')
    return send(500, { code: 'INTERNAL', message: ERRORS.INTERNAL.message })
  })

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ code: 'ROUTE_NOT_FOUND', message: ERRORS.ROUTE_NOT_FOUND.message } satisfies ErrorResponse)
  })
}

/**
 * busboy (under @fastify/multipart) refuses a malformed form with plain Errors that carry no status: no boundary,
 * a boundary it cannot use, a body that ends before the closing boundary. The client's fault: 400, not a 500.
 */
const MALFORMED_MULTIPART = [
  /^Multipart: Boundary not found$/,
  /^Boundary required$/,
  /^The needle (has to be a String or a Buffer|cannot be an empty String\/Buffer|cannot have a length bigger than 256)\.$/,
  /^Unexpected end of (form|multipart data)$/,
  /terminated early due to unexpected end of multipart data$/,
  /^Malformed part header$/,
]

export function isMalformedMultipart(err: { message?: unknown; statusCode?: number }): boolean {
  return err.statusCode === undefined && typeof err.message === 'string' && MALFORMED_MULTIPART.some((re) => re.test(err.message as string))
}

/**
 * Fastify's own refusals before any route runs (a path segment longer than maxParamLength, a URL it cannot
 * decode) skip the error handler: the `frameworkErrors` option of the app answers them in the one error model.
 */
export function frameworkErrors(_err: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  void reply.status(400).send({ code: 'BAD_REQUEST', message: ERRORS.BAD_REQUEST.message } satisfies ErrorResponse)
}
