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

  /** VALIDATION_FAILED about one field of the request (`body.buildingId` for 'buildingId'), in the user's words. */
  static field(field: string, message: string): AppError {
    return new AppError('VALIDATION_FAILED', { message: `提交的内容有误：${message}`, details: [{ path: field.includes('.') ? field : `body.${field}`, message }] })
  }
}
