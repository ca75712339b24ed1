import type { PersonalDataAccessPage } from '../../../types/api/privacy'
import { request } from '../http'

/* The admin's log of staff sightings of personal data (PIPL). Keys: privacyKeys. */

/** Rows per page of the access log. */
const ACCESS_LOG_PAGE_SIZE = 30

export function listPersonalDataAccess(params: { personId: number | null; cursor?: string }) {
  return request<PersonalDataAccessPage>('/api/admin/personal-data-access', {
    query: { personId: params.personId ?? undefined, cursor: params.cursor, limit: ACCESS_LOG_PAGE_SIZE },
  })
}
