/*
 * Enumerations and their Chinese labels, without zod: the mini-program imports these at run time and must not
 * pull the schema library into its bundle.
 */

export const ROLES = ['resident', 'volunteer', 'party_member', 'unit', 'staff', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  resident: '居民',
  volunteer: '志愿者',
  party_member: '党员',
  unit: '驻区单位',
  staff: '社区工作者',
  admin: '管理员',
}

export const STATION_KINDS = ['center', 'grid_station'] as const
export type StationKind = (typeof STATION_KINDS)[number]
