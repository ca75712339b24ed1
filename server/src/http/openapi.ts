import { ZErrorResponse } from '../../../types/api/errors'

/** Documents the error statuses a route can answer with, all in the one error shape. */
export function errorResponses<S extends number>(...statuses: S[]): Record<S, typeof ZErrorResponse> {
  return Object.fromEntries(statuses.map((s) => [s, ZErrorResponse])) as Record<S, typeof ZErrorResponse>
}

/** The security of a route a visitor may call too (`config: { access: 'guest' }`): a session, or none. */
export const optionalBearer: { [scheme: string]: string[] }[] = [{ bearer: [] }, {}]
