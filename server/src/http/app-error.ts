import { ERRORS, type ErrorCode, type FieldIssue } from '../../../types/api/errors'

/** The one way a service reports a failure the user should see: a code from the contract's error table. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly details?: FieldIssue[]

  constructor(code: ErrorCode, options: { message?: string; details?: FieldIssue[]; cause?: unknown } = {}) {
    super(options.message ?? ERRORS[code].message, { cause: options.cause })
    this.name = 'AppError'
    this.code = code
    this.status = ERRORS[code].status
    this.details = options.details
  }
}
