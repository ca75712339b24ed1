import { sql } from 'drizzle-orm'
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { HOUSEHOLD_RELATIONSHIPS, REMINDER_EVENTS } from '../../../types/api/labels'

/** Bytes as they are (drizzle 0.45 has no bytea column); both drivers answer a Uint8Array (a Buffer from pg). */
const bytea = customType<{ data: Uint8Array }>({ dataType: () => 'bytea' })

/*
 * The organisation tree: subdistrict › community › grid › building › household › person, plus the stations a
 * community runs. Every domain table below a community carries community_id: it is the authorisation scope today
 * and the distribution key if the data is ever sharded by community.
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()

export const subdistricts = pgTable('subdistricts', {
  id: serial('id').primaryKey(),
  district: text('district').notNull(),
  name: text('name').notNull().unique(),
  createdAt: createdAt(),
})

export const communities = pgTable('communities', {
  id: serial('id').primaryKey(),
  subdistrictId: integer('subdistrict_id').notNull().references(() => subdistricts.id),
  name: text('name').notNull(),
  address: text('address').notNull(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('communities_subdistrict_name_uq').on(t.subdistrictId, t.name)])

export const grids = pgTable('grids', {
  id: serial('id').primaryKey(),
  communityId: integer('community_id').notNull().references(() => communities.id),
  /** 第三网格 */
  name: text('name').notNull(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('grids_community_name_uq').on(t.communityId, t.name)])

export const buildings = pgTable('buildings', {
  id: serial('id').primaryKey(),
  communityId: integer('community_id').notNull().references(() => communities.id),
  gridId: integer('grid_id').notNull().references(() => grids.id),
  /** 小区 (residential compound) the building stands in, e.g. 联通小区 */
  estate: text('estate').notNull(),
  /** 3号楼 */
  name: text('name').notNull(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('buildings_estate_name_uq').on(t.communityId, t.estate, t.name), index('buildings_grid_idx').on(t.gridId)])

export const households = pgTable('households', {
  id: serial('id').primaryKey(),
  communityId: integer('community_id').notNull().references(() => communities.id),
  buildingId: integer('building_id').notNull().references(() => buildings.id),
  /** 2单元 */
  unitNo: text('unit_no').notNull(),
  /** 301 */
  roomNo: text('room_no').notNull(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('households_address_uq').on(t.buildingId, t.unitNo, t.roomNo)])

export const householdRelationshipEnum = pgEnum('household_relationship', HOUSEHOLD_RELATIONSHIPS)

export const persons = pgTable('persons', {
  id: serial('id').primaryKey(),
  communityId: integer('community_id').notNull().references(() => communities.id),
  householdId: integer('household_id').references(() => households.id),
  name: text('name').notNull(),
  /** The phone number sealed with DATA_KEY (AES-256-GCM, server/src/privacy); never stored in clear. */
  phoneCipher: text('phone_cipher'),
  /** HMAC of the number under a key derived from DATA_KEY: finds a person by full number without decrypting. */
  phoneHash: text('phone_hash'),
  /** The last four digits, which staff at the desk search by (尾号) and every masked display shows anyway. */
  phoneTail: text('phone_tail'),
  birthYear: smallint('birth_year'),
  /** 与户主关系: how the person stands to the head of their household (户主 for the head). */
  relationship: householdRelationshipEnum('relationship'),
  /** Set when the person's account was deleted: name and phone erased, the row kept so ledgers still add up. */
  anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [
  index('persons_household_idx').on(t.householdId),
  index('persons_community_idx').on(t.communityId),
  index('persons_phone_hash_idx').on(t.phoneHash),
  check('persons_phone_sealed_ck', sql`(${t.phoneCipher} is null) = (${t.phoneHash} is null) and (${t.phoneCipher} is null) = (${t.phoneTail} is null)`),
])

export const unitStatusEnum = pgEnum('unit_status', ['pending', 'approved', 'rejected', 'withdrawn'])

/**
 * 驻区单位: an organisation (a district bureau, a hospital) that reports to a community (双报到), claims wishes
 * as itself and sends its members as volunteers. It registers; staff of that community approve it.
 */
export const units = pgTable('units', {
  id: serial('id').primaryKey(),
  /** The community the unit reports to and is paired with (包保社区). */
  communityId: integer('community_id').notNull().references(() => communities.id),
  name: text('name').notNull(),
  /** 统一社会信用代码 (18 characters), when the unit gave it. */
  creditCode: text('credit_code'),
  contactName: text('contact_name'),
  /** The contact's number, sealed as persons' are. */
  contactPhoneCipher: text('contact_phone_cipher'),
  contactPhoneHash: text('contact_phone_hash'),
  contactPhoneTail: text('contact_phone_tail'),
  status: unitStatusEnum('status').notNull().default('pending'),
  /** The account that registered it: it becomes the unit's first admin on approval. */
  registeredByUserId: integer('registered_by_user_id').references(() => users.id),
  rejectReason: text('reject_reason'),
  decidedByUserId: integer('decided_by_user_id').references(() => users.id),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [
  // One live unit per name and per credit code; a rejected or withdrawn registration may be made again.
  uniqueIndex('units_name_live_uq').on(t.name).where(sql`${t.status} in ('pending', 'approved')`),
  uniqueIndex('units_credit_code_live_uq').on(t.creditCode).where(sql`${t.status} in ('pending', 'approved') and ${t.creditCode} is not null`),
  index('units_queue_idx').on(t.communityId, t.status, t.id),
  check('units_contact_phone_sealed_ck', sql`(${t.contactPhoneCipher} is null) = (${t.contactPhoneHash} is null) and (${t.contactPhoneCipher} is null) = (${t.contactPhoneTail} is null)`),
])

/**
 * A login account. A resident's account points at a person (and may also be a member of a 驻区单位, see
 * unit_members). The openid comes from WeChat's jscode2session; demo accounts carry the persona they stand for.
 */
export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  openid: text('openid').unique(),
  unionid: text('unionid'),
  demoPersona: text('demo_persona').unique(),
  personId: integer('person_id').unique().references(() => persons.id),
  /** The community a new account belongs to before it is linked to a household. */
  communityId: integer('community_id').references(() => communities.id),
  displayName: text('display_name').notNull(),
  createdAt: createdAt(),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  /** 注销: the openid is released and the person anonymised; the row stays for the ledgers that name it. */
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
})

export const roleEnum = pgEnum('role', ['resident', 'volunteer', 'party_member', 'unit', 'staff', 'admin'])

/**
 * What an account may do. `staff` is granted per community (its scope); `admin` is district-wide (no community).
 * resident / volunteer / party_member / unit are held once, with no community.
 */
export const roleGrants = pgTable('role_grants', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  role: roleEnum('role').notNull(),
  communityId: integer('community_id').references(() => communities.id),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('role_grants_uq').on(t.userId, t.role, sql`coalesce(${t.communityId}, 0)`),
  check('role_grants_scope_ck', sql`(${t.role} = 'staff') = (${t.communityId} is not null)`),
])

export const stationKindEnum = pgEnum('station_kind', ['center', 'grid_station'])

/** A weekly opening-hours row: dayOfWeek 1 = Monday … 7 = Sunday, times as HH:MM in Asia/Shanghai. */
export type WeeklyHours = { dayOfWeek: number; opens: string; closes: string }[]

export const stations = pgTable('stations', {
  id: serial('id').primaryKey(),
  communityId: integer('community_id').notNull().references(() => communities.id),
  gridId: integer('grid_id').references(() => grids.id),
  kind: stationKindEnum('kind').notNull(),
  name: text('name').notNull(),
  address: text('address').notNull(),
  phone: text('phone'),
  latitude: doublePrecision('latitude').notNull(),
  longitude: doublePrecision('longitude').notNull(),
  weeklyHours: jsonb('weekly_hours').$type<WeeklyHours>().notNull(),
  /** Uploads (purpose station_photo), in display order. */
  photoIds: integer('photo_ids').array().notNull().default(sql`'{}'::int[]`),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('stations_community_name_uq').on(t.communityId, t.name)])

export const resourceKindEnum = pgEnum('resource_kind', ['room', 'tool'])

export const rooms = pgTable('rooms', {
  id: serial('id').primaryKey(),
  communityId: integer('community_id').notNull().references(() => communities.id),
  stationId: integer('station_id').notNull().references(() => stations.id),
  name: text('name').notNull(),
  /** 会议培训, 图书阅览, 文体活动, 多功能厅, 共享工具库 … */
  category: text('category').notNull(),
  capacity: integer('capacity').notNull(),
  facilities: text('facilities').array().notNull().default(sql`'{}'::text[]`),
  /** A room is booked in slots; a tool of the 共享工具库 by the day. */
  kind: resourceKindEnum('kind').notNull().default('room'),
  description: text('description').notNull().default(''),
  photoIds: integer('photo_ids').array().notNull().default(sql`'{}'::int[]`),
  /** Staff can pause bookings of a room (renovation, a broken tool) without deleting its history. */
  active: boolean('active').notNull().default(true),
  /* The room's booking rules (see types/api/booking.ts ZRoomRules). */
  slotMinutes: integer('slot_minutes').notNull().default(30),
  minDurationMinutes: integer('min_duration_minutes').notNull().default(30),
  maxDurationMinutes: integer('max_duration_minutes').notNull().default(240),
  advanceDays: integer('advance_days').notNull().default(14),
  minNoticeMinutes: integer('min_notice_minutes').notNull().default(60),
  requiresApproval: boolean('requires_approval').notNull().default(false),
  bufferMinutes: integer('buffer_minutes').notNull().default(0),
  maxActivePerPerson: integer('max_active_per_person').notNull().default(2),
  cancelDeadlineMinutes: integer('cancel_deadline_minutes').notNull().default(120),
  noShowAfterMinutes: integer('no_show_after_minutes').notNull().default(15),
  /** The secret in the QR code posted at the room's door; scanning it checks the booker in. */
  checkInCode: text('check_in_code').notNull().default(sql`substr(md5(random()::text || clock_timestamp()::text), 1, 16)`),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('rooms_station_name_uq').on(t.stationId, t.name),
  check('rooms_capacity_ck', sql`${t.capacity} > 0`),
  check('rooms_rules_ck', sql`${t.slotMinutes} in (30, 60, 1440) and ${t.minDurationMinutes} > 0 and ${t.maxDurationMinutes} >= ${t.minDurationMinutes}
    and ${t.minDurationMinutes} % ${t.slotMinutes} = 0 and ${t.maxDurationMinutes} % ${t.slotMinutes} = 0 and ${t.advanceDays} >= 0
    and ${t.minNoticeMinutes} >= 0 and ${t.bufferMinutes} >= 0 and ${t.maxActivePerPerson} > 0 and ${t.cancelDeadlineMinutes} >= 0 and ${t.noShowAfterMinutes} > 0`),
  check('rooms_tool_by_day_ck', sql`(${t.kind} = 'tool') = (${t.slotMinutes} = 1440)`),
])

/** A room closed for a while (maintenance, an official event): nothing can be booked over it. */
export const roomClosures = pgTable('room_closures', {
  id: serial('id').primaryKey(),
  communityId: integer('community_id').notNull().references(() => communities.id),
  roomId: integer('room_id').notNull().references(() => rooms.id),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  reason: text('reason').notNull(),
  createdByUserId: integer('created_by_user_id').notNull().references(() => users.id),
  createdAt: createdAt(),
}, (t) => [index('room_closures_room_idx').on(t.roomId, t.endsAt), check('room_closures_period_ck', sql`${t.endsAt} > ${t.startsAt}`)])

export const bookingStatusEnum = pgEnum('booking_status', ['pending', 'confirmed', 'rejected', 'cancelled', 'checked_in', 'no_show'])

/**
 * A booking of a room or tool. Pending, confirmed and checked-in bookings hold their period plus the room's
 * buffer (`blocked_until` = ends_at + buffer): an EXCLUDE constraint refuses two overlapping holds of one room,
 * the safety net under the room-row lock the service takes (see bookings.service.ts).
 */
export const bookings = pgTable('bookings', {
  id: serial('id').primaryKey(),
  communityId: integer('community_id').notNull().references(() => communities.id),
  roomId: integer('room_id').notNull().references(() => rooms.id),
  bookerUserId: integer('booker_user_id').notNull().references(() => users.id),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  blockedUntil: timestamp('blocked_until', { withTimezone: true }).notNull(),
  purpose: text('purpose').notNull(),
  attendees: integer('attendees').notNull(),
  isPublic: boolean('is_public').notNull().default(false),
  status: bookingStatusEnum('status').notNull(),
  rejectReason: text('reject_reason'),
  cancelReason: text('cancel_reason'),
  decidedByUserId: integer('decided_by_user_id').references(() => users.id),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
  checkedInByUserId: integer('checked_in_by_user_id').references(() => users.id),
  /** Set when a 爽约 is recorded; the suspension rule counts these. */
  noShowAt: timestamp('no_show_at', { withTimezone: true }),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [
  index('bookings_room_period_idx').on(t.roomId, t.startsAt),
  index('bookings_booker_idx').on(t.bookerUserId, t.startsAt),
  index('bookings_community_status_idx').on(t.communityId, t.status, t.startsAt),
  // The desk's day and the dashboard's ranges, whatever the status.
  index('bookings_community_starts_idx').on(t.communityId, t.startsAt),
  check('bookings_period_ck', sql`${t.endsAt} > ${t.startsAt} and ${t.blockedUntil} >= ${t.endsAt}`),
  check('bookings_attendees_ck', sql`${t.attendees} > 0`),
  // The EXCLUDE constraint (bookings_no_overlap) is added by hand in the migration: drizzle cannot express it.
])

/** Booking rights withdrawn after repeated 爽约 (PRODUCT.md › 阵地预约). */
export const bookingSuspensions = pgTable('booking_suspensions', {
  id: serial('id').primaryKey(),
  communityId: integer('community_id').notNull().references(() => communities.id),
  userId: integer('user_id').notNull().references(() => users.id),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  /** The 爽约 that crossed the threshold: one suspension per such booking, however often the sweep runs. */
  triggerBookingId: integer('trigger_booking_id').notNull().unique().references(() => bookings.id),
  createdAt: createdAt(),
}, (t) => [index('booking_suspensions_user_idx').on(t.userId, t.endsAt)])

/* ---------------------------------------------------------------------------------------------------------
 * 志愿服务. Volunteers (a profile per account with consent recorded), teams and projects of a community, and
 * activities. A sign-up is a row: `signed_up` on the activity counts accepted ones and moves in the same statement
 * that checks the capacity; an EXCLUDE constraint on a volunteer's accepted sign-ups (the activity's period is
 * copied onto the sign-up) keeps one person from two overlapping activities.
 */

export const volunteerProfiles = pgTable('volunteer_profiles', {
  userId: integer('user_id').primaryKey().references(() => users.id),
  personId: integer('person_id').notNull().unique().references(() => persons.id),
  communityId: integer('community_id').notNull().references(() => communities.id),
  realName: text('real_name').notNull(),
  /** Sealed like persons.phone_cipher; null once the volunteer's account is deleted. */
  phoneCipher: text('phone_cipher'),
  phoneHash: text('phone_hash'),
  skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
  availability: text('availability').array().notNull().default(sql`'{}'::text[]`),
  /** Which consent text the volunteer agreed to, and when (PIPL: consent is recorded, not assumed). */
  consentVersion: text('consent_version').notNull(),
  consentedAt: timestamp('consented_at', { withTimezone: true }).notNull(),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('volunteer_profiles_phone_sealed_ck', sql`(${t.phoneCipher} is null) = (${t.phoneHash} is null)`),
  // The dashboard's new volunteers of a community in a range.
  index('volunteer_profiles_community_created_idx').on(t.communityId, t.createdAt),
])

export const volunteerTeams = pgTable('volunteer_teams', {
  id: serial('id').primaryKey(),
  communityId: integer('community_id').notNull().references(() => communities.id),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('volunteer_teams_community_name_uq').on(t.communityId, t.name)])

export const teamMembers = pgTable('team_members', {
  teamId: integer('team_id').notNull().references(() => volunteerTeams.id),
  userId: integer('user_id').notNull().references(() => users.id),
  communityId: integer('community_id').notNull().references(() => communities.id),
  joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('team_members_user_idx').on(t.userId)])

export const volunteerProjects = pgTable('volunteer_projects', {
  id: serial('id').primaryKey(),
  communityId: integer('community_id').notNull().references(() => communities.id),
  teamId: integer('team_id').references(() => volunteerTeams.id),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('volunteer_projects_community_name_uq').on(t.communityId, t.name)])

/** A volunteer activity at a station or in the community; also a public event of 活动预告. */
export const activities = pgTable('activities', {
  id: serial('id').primaryKey(),
  communityId: integer('community_id').notNull().references(() => communities.id),
  stationId: integer('station_id').references(() => stations.id),
  teamId: integer('team_id').references(() => volunteerTeams.id),
  projectId: integer('project_id').references(() => volunteerProjects.id),
  organiserUserId: integer('organiser_user_id').references(() => users.id),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  place: text('place').notNull(),
  latitude: doublePrecision('latitude'),
  longitude: doublePrecision('longitude'),
  /** Check-in only within this distance of (latitude, longitude), when set. */
  geofenceMeters: integer('geofence_meters'),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  capacity: integer('capacity').notNull(),
  /** Accepted sign-ups; changed only together with a sign-up row, by a statement that checks the capacity. */
  signedUp: integer('signed_up').notNull().default(0),
  skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
  cancelDeadlineHours: integer('cancel_deadline_hours').notNull().default(24),
  /** Activities created together as a weekly series share the first one's id. */
  seriesId: integer('series_id'),
  /** The key of the rotating check-in QR code (HMAC over activity and time window). */
  qrSecret: text('qr_secret').notNull().default(sql`md5(random()::text || clock_timestamp()::text)`),
  published: boolean('published').notNull().default(true),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  cancelReason: text('cancel_reason'),
  /** The photo staff put up (an upload of purpose activity_photo); none: a default picture after its first skill. */
  photoId: integer('photo_id').references((): AnyPgColumn => uploads.id),
  createdAt: createdAt(),
}, (t) => [
  index('activities_community_starts_idx').on(t.communityId, t.startsAt),
  // Staff's activity list: what has not ended yet, read without the community's whole history.
  index('activities_community_ends_idx').on(t.communityId, t.endsAt),
  check('activities_period_ck', sql`${t.endsAt} > ${t.startsAt}`),
  check('activities_capacity_ck', sql`${t.signedUp} >= 0 and ${t.signedUp} <= ${t.capacity}`),
  check('activities_geofence_ck', sql`${t.geofenceMeters} is null or (${t.latitude} is not null and ${t.longitude} is not null)`),
])

export const signupStatusEnum = pgEnum('signup_status', ['accepted', 'waitlisted', 'cancelled', 'no_show'])
export const checkoutByEnum = pgEnum('checkout_by', ['volunteer', 'organiser', 'sweep'])

export const activitySignups = pgTable('activity_signups', {
  id: serial('id').primaryKey(),
  activityId: integer('activity_id').notNull().references(() => activities.id),
  communityId: integer('community_id').notNull().references(() => communities.id),
  userId: integer('user_id').notNull().references(() => users.id),
  personId: integer('person_id').notNull().references(() => persons.id),
  status: signupStatusEnum('status').notNull(),
  /** The activity's period, copied so that the overlap constraint can see it. */
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
  checkedOutAt: timestamp('checked_out_at', { withTimezone: true }),
  checkedOutBy: checkoutByEnum('checked_out_by'),
  /** Service minutes confirmed by the organiser (the record of 《志愿服务记录与证明出具办法》). */
  confirmedMinutes: integer('confirmed_minutes'),
  confirmedByUserId: integer('confirmed_by_user_id').references(() => users.id),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  pointsAwarded: integer('points_awarded').notNull().default(0),
  promotedAt: timestamp('promoted_at', { withTimezone: true }),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('activity_signups_live_uq').on(t.activityId, t.userId).where(sql`${t.status} in ('accepted', 'waitlisted')`),
  index('activity_signups_activity_idx').on(t.activityId, t.status, t.id),
  index('activity_signups_user_idx').on(t.userId, t.startsAt),
  // The dashboard's volunteering figures: a community's sign-ups by their (copied) start, without a look-up per activity.
  index('activity_signups_community_starts_idx').on(t.communityId, t.startsAt),
  // The dashboard's 星级 reached: the volunteers whose hours were confirmed in a range.
  index('activity_signups_confirmed_idx').on(t.confirmedAt).where(sql`${t.confirmedAt} is not null`),
  check('activity_signups_checkout_ck', sql`${t.checkedOutAt} is null or (${t.checkedInAt} is not null and ${t.checkedOutAt} >= ${t.checkedInAt})`),
  check('activity_signups_confirmed_ck', sql`${t.confirmedMinutes} is null or ${t.confirmedMinutes} >= 0`),
  // The EXCLUDE constraint (activity_signups_no_overlap) is added by hand in the migration.
])

/** Every change of confirmed hours, with its reason (the organiser's adjustments are logged). */
export const hourAdjustments = pgTable('hour_adjustments', {
  id: serial('id').primaryKey(),
  signupId: integer('signup_id').notNull().references(() => activitySignups.id),
  communityId: integer('community_id').notNull().references(() => communities.id),
  computedMinutes: integer('computed_minutes').notNull(),
  confirmedMinutes: integer('confirmed_minutes').notNull(),
  reason: text('reason').notNull(),
  actorUserId: integer('actor_user_id').notNull().references(() => users.id),
  createdAt: createdAt(),
})

/** A 志愿服务证明: a snapshot of the confirmed records at issue, verifiable by its code. */
export const certificates = pgTable('certificates', {
  id: serial('id').primaryKey(),
  communityId: integer('community_id').notNull().references(() => communities.id),
  userId: integer('user_id').notNull().references(() => users.id),
  number: text('number').notNull().unique(),
  verificationCode: text('verification_code').notNull().unique(),
  holderName: text('holder_name').notNull(),
  issuer: text('issuer').notNull(),
  totalMinutes: integer('total_minutes').notNull(),
  signupIds: integer('signup_ids').array().notNull(),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
}, (t) => [index('certificates_user_idx').on(t.userId)])

export const calendarDayKindEnum = pgEnum('calendar_day_kind', ['holiday', 'workday'])
export const calendarDaySourceEnum = pgEnum('calendar_day_source', ['official', 'admin'])

/**
 * China's official calendar exceptions: public holidays (stations open all day, on weekend hours) and make-up
 * working days (调休: a weekend day with weekday hours). Days not listed follow the week. `official` rows come from
 * the State Council's arrangement (the `chinese-days` package) and are refreshed from it; `admin` rows are the
 * admin's own days or overrides of official ones, which a refresh never touches.
 */
export const calendarDays = pgTable('calendar_days', {
  day: date('day', { mode: 'string' }).primaryKey(),
  kind: calendarDayKindEnum('kind').notNull(),
  /** 春节, 国庆节 … (for a make-up working day, the holiday it makes up for, when known) */
  name: text('name').notNull().default(''),
  source: calendarDaySourceEnum('source').notNull(),
})

/* ---------------------------------------------------------------------------------------------------------
 * 积分: an append-only ledger (a trigger refuses UPDATE and DELETE) and one balance row per household, changed
 * in the same transaction as each ledger row. The balance can never go below zero (CHECK), and every event pays
 * at most once (unique event_key).
 */

export const pointsRuleEnum = pgEnum('points_rule', ['wish_fulfilled', 'volunteer_hour', 'council_meeting', 'environment_drive'])
export const pointsReasonEnum = pgEnum('points_reason', ['rule_award', 'staff_award', 'staff_deduction', 'redemption', 'redemption_refund', 'expiry'])

export const pointsSettings = pgTable('points_settings', {
  communityId: integer('community_id').primaryKey().references(() => communities.id),
  yearlyExpiry: boolean('yearly_expiry').notNull().default(false),
  pickupDays: integer('pickup_days').notNull().default(7),
  /** A staff adjustment of more points than this (either way) waits for a second staff member's approval. */
  adjustmentApprovalThreshold: integer('adjustment_approval_threshold').notNull().default(200),
}, (t) => [
  check('points_settings_pickup_days_ck', sql`${t.pickupDays} between 1 and 90`),
  check('points_settings_adjustment_threshold_ck', sql`${t.adjustmentApprovalThreshold} between 1 and 1000`),
])

/** Points per unit of each earning rule, per community. */
export const pointsRules = pgTable('points_rules', {
  communityId: integer('community_id').notNull().references(() => communities.id),
  rule: pointsRuleEnum('rule').notNull(),
  points: integer('points').notNull(),
}, (t) => [primaryKey({ columns: [t.communityId, t.rule] }), check('points_rules_points_ck', sql`${t.points} >= 0`)])

export const pointsAdjustmentStatusEnum = pgEnum('points_adjustment_status', ['pending', 'applied', 'rejected'])

/**
 * A large staff adjustment (above the community's threshold) waiting for a second staff member: applied to the
 * ledger once, on approval, by a conditional update from 'pending'. Small adjustments go straight to the ledger.
 */
export const pointsAdjustments = pgTable('points_adjustments', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  communityId: integer('community_id').notNull().references(() => communities.id),
  householdId: integer('household_id').notNull().references(() => households.id),
  personId: integer('person_id').notNull().references(() => persons.id),
  amount: integer('amount').notNull(),
  reason: text('reason').notNull(),
  status: pointsAdjustmentStatusEnum('status').notNull().default('pending'),
  requestedByUserId: integer('requested_by_user_id').notNull().references(() => users.id),
  decidedByUserId: integer('decided_by_user_id').references(() => users.id),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  rejectReason: text('reject_reason'),
  ledgerEntryId: bigint('ledger_entry_id', { mode: 'number' }),
  createdAt: createdAt(),
}, (t) => [
  index('points_adjustments_community_status_idx').on(t.communityId, t.status, t.id),
  check('points_adjustments_amount_ck', sql`${t.amount} <> 0`),
  check('points_adjustments_second_person_ck', sql`${t.decidedByUserId} is null or ${t.decidedByUserId} <> ${t.requestedByUserId}`),
])

export const householdPoints = pgTable('household_points', {
  householdId: integer('household_id').primaryKey().references(() => households.id),
  communityId: integer('community_id').notNull().references(() => communities.id),
  balance: integer('balance').notNull().default(0),
  showOnLeaderboard: boolean('show_on_leaderboard').notNull().default(true),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [check('household_points_balance_ck', sql`${t.balance} >= 0`)])

export const pointsLedger = pgTable('points_ledger', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  communityId: integer('community_id').notNull().references(() => communities.id),
  householdId: integer('household_id').notNull().references(() => households.id),
  /** Whose row it is; null for household rows (yearly expiry). */
  personId: integer('person_id').references(() => persons.id),
  amount: integer('amount').notNull(),
  reason: pointsReasonEnum('reason').notNull(),
  rule: pointsRuleEnum('rule'),
  /** What the row is about: wish 12, activity 5, redemption 9, adjustment …, household (expiry). */
  sourceType: text('source_type').notNull(),
  sourceId: text('source_id').notNull(),
  /** The event this row is for, e.g. rule:wish_fulfilled:wish:12:person:7 — unique: an event pays once. */
  eventKey: text('event_key').notNull().unique(),
  title: text('title').notNull(),
  actorUserId: integer('actor_user_id').references(() => users.id),
  householdBalanceAfter: integer('household_balance_after').notNull(),
  createdAt: createdAt(),
}, (t) => [
  index('points_ledger_household_idx').on(t.householdId, t.id),
  index('points_ledger_person_idx').on(t.personId, t.createdAt),
  // A community's rows by time, carrying what the dashboard adds up (reason, rule, amount, household, source), so
  // that its sums over a month or a year read the index alone (an index-only scan: the ledger is append-only, so
  // its pages stay all-visible) instead of visiting rows scattered over the whole table.
  index('points_ledger_community_created_idx').on(t.communityId, t.createdAt, t.reason, t.rule, t.amount, t.householdId, t.sourceType, t.sourceId),
  index('points_ledger_source_idx').on(t.sourceType, t.sourceId),
  // The refunds of redemptions by community and time, small beside the ledger: the dashboard joins a range's
  // redemptions to the refunds made since, which can be a year of them for a range that began a year ago.
  index('points_ledger_refunds_idx').on(t.communityId, t.createdAt, t.sourceId, t.amount).where(sql`${t.reason} = 'redemption_refund' and ${t.sourceType} = 'redemption'`),
  check('points_ledger_amount_ck', sql`${t.amount} <> 0`),
  check('points_ledger_balance_after_ck', sql`${t.householdBalanceAfter} >= 0`),
])

/**
 * The dashboard's cache of days already over (ADR 0007). Each community's China month (`month` is its first day)
 * has a version, which the triggers of migration 0018 bump whenever a row counted in a day of it already over
 * changes. The write path never computes figures and never touches today's rows here, so rushes pass it by.
 */
export const dashboardMonthVersions = pgTable('dashboard_month_versions', {
  communityId: integer('community_id').notNull().references(() => communities.id),
  month: date('month', { mode: 'string' }).notNull(),
  version: integer('version').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.communityId, t.month] })])

/**
 * A piece of a community's month, [since, through), counted once and kept: a month whole, the running month up to
 * the start of today, or the part of a month at the edge of a chosen range. It counts only while `filled_version`
 * is its month's version. The figures' shape is MonthFigures (modules/reports/dashboard.domain.ts) without its
 * households, which are kept apart as bytes (4-byte ids end to end), read only for a range's own months (half a
 * million ids for a district's year).
 */
export const dashboardPieces = pgTable('dashboard_pieces', {
  communityId: integer('community_id').notNull().references(() => communities.id),
  month: date('month', { mode: 'string' }).notNull(),
  since: timestamp('since', { withTimezone: true }).notNull(),
  through: timestamp('through', { withTimezone: true }).notNull(),
  filledVersion: integer('filled_version').notNull(),
  figures: jsonb('figures').notNull(),
  households: bytea('households').notNull(),
}, (t) => [primaryKey({ columns: [t.communityId, t.month, t.since, t.through] })])

export const shopItemKindEnum = pgEnum('shop_item_kind', ['goods', 'service'])

export const shopItems = pgTable('shop_items', {
  id: serial('id').primaryKey(),
  communityId: integer('community_id').notNull().references(() => communities.id),
  /** Where it is picked up (or the service is given). */
  stationId: integer('station_id').notNull().references(() => stations.id),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  kind: shopItemKindEnum('kind').notNull(),
  price: integer('price').notNull(),
  stock: integer('stock').notNull(),
  monthlyLimit: integer('monthly_limit'),
  /** The photo staff put up (an upload of purpose shop_photo); none: the kind's default picture is shown. */
  photoId: integer('photo_id').references((): AnyPgColumn => uploads.id),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
}, (t) => [
  index('shop_items_community_idx').on(t.communityId),
  check('shop_items_price_ck', sql`${t.price} > 0`),
  check('shop_items_stock_ck', sql`${t.stock} >= 0`),
  check('shop_items_limit_ck', sql`${t.monthlyLimit} is null or ${t.monthlyLimit} > 0`),
])

export const redemptionStatusEnum = pgEnum('redemption_status', ['reserved', 'picked_up', 'cancelled', 'expired'])

export const redemptions = pgTable('redemptions', {
  id: serial('id').primaryKey(),
  communityId: integer('community_id').notNull().references(() => communities.id),
  itemId: integer('item_id').notNull().references(() => shopItems.id),
  householdId: integer('household_id').notNull().references(() => households.id),
  personId: integer('person_id').notNull().references(() => persons.id),
  points: integer('points').notNull(),
  status: redemptionStatusEnum('status').notNull().default('reserved'),
  pickupCode: text('pickup_code').notNull().unique(),
  /** YYYY-MM in China time: the month the per-household limit counts in. */
  month: text('month').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  pickedUpAt: timestamp('picked_up_at', { withTimezone: true }),
  verifiedByUserId: integer('verified_by_user_id').references(() => users.id),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [
  index('redemptions_household_idx').on(t.householdId, t.itemId, t.month),
  index('redemptions_reserved_expiry_idx').on(t.expiresAt).where(sql`${t.status} = 'reserved'`),
  // The 工作台's count of one community's reservations to hand out (the one above serves the district's expiry sweep).
  index('redemptions_community_reserved_idx').on(t.communityId, t.expiresAt).where(sql`${t.status} = 'reserved'`),
  check('redemptions_points_ck', sql`${t.points} > 0`),
])

/* ---------------------------------------------------------------------------------------------------------
 * Uploaded pictures (wish photos, proof of fulfilment). The bytes live behind the FileStorage interface (a local
 * folder by default, object storage later); this row is who uploaded what and what the content check said.
 */

export const uploadPurposeEnum = pgEnum('upload_purpose', ['wish_photo', 'proof_photo', 'station_photo', 'party_card', 'shop_photo', 'activity_photo'])
export const moderationVerdictEnum = pgEnum('moderation_verdict', ['pass', 'review', 'risky', 'pending', 'unchecked'])

export const uploads = pgTable('uploads', {
  id: serial('id').primaryKey(),
  ownerUserId: integer('owner_user_id').notNull().references(() => users.id),
  purpose: uploadPurposeEnum('purpose').notNull(),
  /** The storage key, random and unguessable: also the file's public name. */
  storageKey: text('storage_key').notNull().unique(),
  mimeType: text('mime_type').notNull(),
  byteSize: integer('byte_size').notNull(),
  moderation: moderationVerdictEnum('moderation').notNull(),
  moderationLabel: text('moderation_label'),
  /** WeChat's mediaCheckAsync trace id: its verdict arrives later by message push. */
  moderationTraceId: text('moderation_trace_id'),
  createdAt: createdAt(),
}, (t) => [index('uploads_owner_idx').on(t.ownerUserId), uniqueIndex('uploads_trace_uq').on(t.moderationTraceId)])

/* ---------------------------------------------------------------------------------------------------------
 * 微心愿. A wish moves pending → open → claimed → fulfilled → confirmed (or rejected / withdrawn); each move is
 * one conditional UPDATE on the status, so two requests can never both move it. A claim is its own row: at most
 * one live claim per wish (partial unique index), and a lapsed or given-up claim stays as history.
 */

export const wishCategoryEnum = pgEnum('wish_category', ['daily_goods', 'education', 'elderly_care', 'health', 'appliance_repair', 'companionship', 'other'])
export const wishStatusEnum = pgEnum('wish_status', ['pending', 'open', 'claimed', 'fulfilled', 'confirmed', 'rejected', 'withdrawn'])
export const contactPreferenceEnum = pgEnum('contact_preference', ['phone', 'visit', 'via_staff'])
export const wishClaimStatusEnum = pgEnum('wish_claim_status', ['active', 'fulfilled', 'confirmed', 'lapsed', 'given_up'])
export const wishEventKindEnum = pgEnum('wish_event_kind', ['posted', 'approved', 'rejected', 'claimed', 'claim_lapsed', 'claim_given_up', 'fulfilled', 'confirmed', 'withdrawn', 'category_changed'])

/** Per-community wish rules; a community without a row uses the defaults. */
export const wishSettings = pgTable('wish_settings', {
  communityId: integer('community_id').primaryKey().references(() => communities.id),
  maxValueYuan: integer('max_value_yuan').notNull().default(300),
  claimLimit: integer('claim_limit').notNull().default(3),
  claimDays: integer('claim_days').notNull().default(7),
}, (t) => [
  check('wish_settings_value_ck', sql`${t.maxValueYuan} between 1 and 10000`),
  check('wish_settings_limit_ck', sql`${t.claimLimit} between 1 and 20`),
  check('wish_settings_days_ck', sql`${t.claimDays} between 1 and 60`),
])

export const wishes = pgTable('wishes', {
  id: serial('id').primaryKey(),
  communityId: integer('community_id').notNull().references(() => communities.id),
  /** The resident the wish is for. */
  wisherPersonId: integer('wisher_person_id').notNull().references(() => persons.id),
  /** Who submitted it: the wisher's own account, or staff posting on their behalf. */
  postedByUserId: integer('posted_by_user_id').notNull().references(() => users.id),
  postedOnBehalf: boolean('posted_on_behalf').notNull().default(false),
  /** Staff posting on behalf recorded that the resident agreed. */
  consentRecorded: boolean('consent_recorded').notNull().default(false),
  category: wishCategoryEnum('category').notNull(),
  title: text('title').notNull(),
  description: text('description').notNull(),
  photoIds: integer('photo_ids').array().notNull().default(sql`'{}'::integer[]`),
  valueYuan: integer('value_yuan').notNull(),
  contactPreference: contactPreferenceEnum('contact_preference').notNull(),
  neededBy: date('needed_by', { mode: 'string' }),
  status: wishStatusEnum('status').notNull().default('pending'),
  textModeration: moderationVerdictEnum('text_moderation').notNull(),
  moderationLabels: text('moderation_labels').array().notNull().default(sql`'{}'::text[]`),
  rejectReason: text('reject_reason'),
  reviewedByUserId: integer('reviewed_by_user_id').references(() => users.id),
  /** The live claim (active, fulfilled or confirmed); null while nobody holds it. */
  currentClaimId: integer('current_claim_id'),
  openedAt: timestamp('opened_at', { withTimezone: true }),
  fulfilledAt: timestamp('fulfilled_at', { withTimezone: true }),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('wishes_community_status_idx').on(t.communityId, t.status, t.id),
  index('wishes_wisher_idx').on(t.wisherPersonId, t.id),
  index('wishes_community_fulfilled_idx').on(t.communityId, t.fulfilledAt),
  // The dashboard: wishes posted, and confirmed, in a range of a community.
  index('wishes_community_created_idx').on(t.communityId, t.createdAt),
  index('wishes_community_confirmed_idx').on(t.communityId, t.confirmedAt).where(sql`${t.confirmedAt} is not null`),
  check('wishes_value_ck', sql`${t.valueYuan} >= 0`),
  check('wishes_photos_ck', sql`coalesce(array_length(${t.photoIds}, 1), 0) <= 3`),
  check('wishes_on_behalf_consent_ck', sql`not ${t.postedOnBehalf} or ${t.consentRecorded}`),
])

export const wishClaims = pgTable('wish_claims', {
  id: serial('id').primaryKey(),
  wishId: integer('wish_id').notNull().references(() => wishes.id),
  communityId: integer('community_id').notNull().references(() => communities.id),
  claimerUserId: integer('claimer_user_id').notNull().references(() => users.id),
  /** The claimer as a person (who earns the points), or as a 驻区单位. */
  claimerPersonId: integer('claimer_person_id').references(() => persons.id),
  claimerUnitId: integer('claimer_unit_id').references(() => units.id),
  status: wishClaimStatusEnum('status').notNull().default('active'),
  claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
  deadline: timestamp('deadline', { withTimezone: true }).notNull(),
  fulfilledAt: timestamp('fulfilled_at', { withTimezone: true }),
  fulfilNote: text('fulfil_note'),
  proofUploadId: integer('proof_upload_id').references(() => uploads.id),
  endedAt: timestamp('ended_at', { withTimezone: true }),
  giveUpReason: text('give_up_reason'),
  thanks: text('thanks'),
  rating: smallint('rating'),
  confirmedByUserId: integer('confirmed_by_user_id').references(() => users.id),
  confirmedByStaff: boolean('confirmed_by_staff').notNull().default(false),
}, (t) => [
  // The database's own guarantee of one claimer: a wish has at most one live claim.
  uniqueIndex('wish_claims_one_live_uq').on(t.wishId).where(sql`${t.status} in ('active', 'fulfilled', 'confirmed')`),
  index('wish_claims_claimer_idx').on(t.claimerUserId, t.status),
  index('wish_claims_active_deadline_idx').on(t.deadline).where(sql`${t.status} = 'active'`),
  check('wish_claims_rating_ck', sql`${t.rating} is null or ${t.rating} between 1 and 5`),
  check('wish_claims_claimer_ck', sql`${t.claimerPersonId} is not null or ${t.claimerUnitId} is not null`),
])

/** The timeline of a wish: every move with who made it and why. Append-only by use. */
export const wishEvents = pgTable('wish_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  wishId: integer('wish_id').notNull().references(() => wishes.id),
  communityId: integer('community_id').notNull().references(() => communities.id),
  kind: wishEventKindEnum('kind').notNull(),
  actorUserId: integer('actor_user_id').references(() => users.id),
  note: text('note'),
  createdAt: createdAt(),
}, (t) => [index('wish_events_wish_idx').on(t.wishId, t.id)])

/**
 * Replay store for `Idempotency-Key`: the first request with a key reserves the row (response null), and its
 * response is saved when it completes; a retry with the same key gets that response back.
 */
export const idempotencyKeys = pgTable('idempotency_keys', {
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  key: text('key').notNull(),
  /** method + route + a hash of the body: the same key on a different request is refused. */
  fingerprint: text('fingerprint').notNull(),
  statusCode: integer('status_code'),
  responseBody: text('response_body'),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.userId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)])

/* ---------------------------------------------------------------------------------------------------------
 * 订阅消息 outbox. A domain change writes its reminder here in the same transaction; the sender delivers each row
 * through WeChat's subscribeMessage.send at most once (a row is claimed, committed as `sending`, then settled), so
 * any number of instances can send at once. The dedupe key makes enqueueing idempotent, for events and sweeps.
 */

export const notificationEventEnum = pgEnum('notification_event', REMINDER_EVENTS)
export const notificationStatusEnum = pgEnum('notification_status', ['pending', 'sending', 'sent', 'refused', 'failed', 'skipped'])

export const notifications = pgTable('notifications', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  event: notificationEventEnum('event').notNull(),
  /** e.g. booking_result:123:approved — a second enqueue of the same thing is a no-op. */
  dedupeKey: text('dedupe_key').notNull().unique(),
  /** The mini-program page the message opens, with its query. */
  page: text('page').notNull(),
  /** The template's fields ({ thing1: { value } … }), already cut to WeChat's lengths. */
  data: jsonb('data').$type<Record<string, { value: string }>>().notNull(),
  status: notificationStatusEnum('status').notNull().default('pending'),
  attempts: smallint('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  claimedAt: timestamp('claimed_at', { withTimezone: true }),
  lastError: text('last_error'),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [
  index('notifications_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
  index('notifications_sending_idx').on(t.claimedAt).where(sql`${t.status} = 'sending'`),
  index('notifications_user_idx').on(t.userId, t.id),
])

/* ---------------------------------------------------------------------------------------------------------
 * Real people joining: 住户认证 (an account applies to be a resident at an address; staff of that community
 * check it against their 台账 and bind it to a household), family invitations, and the audit trail of every
 * grant, approval and removal.
 */

export const residencyStatusEnum = pgEnum('residency_status', ['pending', 'approved', 'rejected', 'withdrawn'])

/** 住户认证: an account's application to be the resident at an address of a community's own buildings. */
export const residencyApplications = pgTable('residency_applications', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  communityId: integer('community_id').notNull().references(() => communities.id),
  buildingId: integer('building_id').notNull().references(() => buildings.id),
  unitNo: text('unit_no').notNull(),
  roomNo: text('room_no').notNull(),
  name: text('name').notNull(),
  /** The number sealed as persons' are (server/src/privacy); erased with the name when the account is deleted. */
  phoneCipher: text('phone_cipher'),
  phoneHash: text('phone_hash'),
  phoneTail: text('phone_tail'),
  birthYear: smallint('birth_year'),
  relationship: householdRelationshipEnum('relationship').notNull(),
  status: residencyStatusEnum('status').notNull().default('pending'),
  rejectReason: text('reject_reason'),
  decidedByUserId: integer('decided_by_user_id').references(() => users.id),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  /** Set on approval: the person the account became (an existing one of the 台账, or a new one). */
  personId: integer('person_id').references(() => persons.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [
  // One application at a time per account.
  uniqueIndex('residency_applications_pending_uq').on(t.userId).where(sql`${t.status} = 'pending'`),
  index('residency_applications_queue_idx').on(t.communityId, t.status, t.id),
  check('residency_applications_phone_sealed_ck', sql`(${t.phoneCipher} is null) = (${t.phoneHash} is null) and (${t.phoneCipher} is null) = (${t.phoneTail} is null)`),
])

/** A household member's invitation of a family member (a share card carries the code); used once. */
export const householdInvites = pgTable('household_invites', {
  id: serial('id').primaryKey(),
  householdId: integer('household_id').notNull().references(() => households.id),
  communityId: integer('community_id').notNull().references(() => communities.id),
  /** Random, unguessable; the share card's path carries it. */
  code: text('code').notNull().unique(),
  invitedByUserId: integer('invited_by_user_id').notNull().references(() => users.id),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedByUserId: integer('used_by_user_id').references(() => users.id),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [index('household_invites_household_idx').on(t.householdId)])

/** An admin's invitation to be staff of a community (a share card carries the code); accepted once, by WeChat. */
export const staffInvites = pgTable('staff_invites', {
  id: serial('id').primaryKey(),
  communityId: integer('community_id').notNull().references(() => communities.id),
  code: text('code').notNull().unique(),
  /** Whom it is for, as the admin wrote it (刘晓燕，第三网格网格员): shown to the admin, and to the invitee. */
  note: text('note').notNull().default(''),
  invitedByUserId: integer('invited_by_user_id').notNull().references(() => users.id),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  acceptedByUserId: integer('accepted_by_user_id').references(() => users.id),
  acceptedAt: timestamp('accepted_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [index('staff_invites_community_idx').on(t.communityId, t.id)])

/* ---------------------------------------------------------------------------------------------------------
 * 双报到: in-service party members report to the community where they live, and 驻区单位 to the community they
 * are paired with; staff of that community confirm. A unit's admin invites its members.
 */

export const unitMemberRoleEnum = pgEnum('unit_member_role', ['admin', 'member'])

/** The accounts of a 驻区单位's people: an account belongs to one unit at most. */
export const unitMembers = pgTable('unit_members', {
  unitId: integer('unit_id').notNull().references(() => units.id),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }).unique(),
  /** The name the member goes by in the unit (their own, given when joining; many accounts have no person). */
  name: text('name').notNull(),
  role: unitMemberRoleEnum('role').notNull(),
  joinedAt: timestamp('joined_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.unitId, t.userId] })])

/** A unit admin's invitation of its members: a share card for the unit's group chat, good for many until it ends. */
export const unitInvites = pgTable('unit_invites', {
  id: serial('id').primaryKey(),
  unitId: integer('unit_id').notNull().references(() => units.id),
  code: text('code').notNull().unique(),
  invitedByUserId: integer('invited_by_user_id').notNull().references(() => users.id),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [index('unit_invites_unit_idx').on(t.unitId, t.id)])

export const partyReportStatusEnum = pgEnum('party_report_status', ['pending', 'approved', 'rejected', 'withdrawn', 'revoked'])

/** 在职党员报到: a resident who is a party member reports to their community; staff confirm (the 党员 role). */
export const partyReports = pgTable('party_reports', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  personId: integer('person_id').notNull().references(() => persons.id),
  communityId: integer('community_id').notNull().references(() => communities.id),
  /** 工作单位 */
  workplace: text('workplace').notNull(),
  /** 所在党组织, as the member's 组织关系 names it. */
  partyOrganisation: text('party_organisation').notNull(),
  /** A photo of the 党员证 or 报到证明, seen only by the member and the community's staff. */
  cardUploadId: integer('card_upload_id').references(() => uploads.id),
  status: partyReportStatusEnum('status').notNull().default('pending'),
  /** Why staff rejected the report or ended the 党员 status (moved away, 组织关系 transferred). */
  reason: text('reason'),
  decidedByUserId: integer('decided_by_user_id').references(() => users.id),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [
  // One live report per account: pending or in force.
  uniqueIndex('party_reports_live_uq').on(t.userId).where(sql`${t.status} in ('pending', 'approved')`),
  index('party_reports_queue_idx').on(t.communityId, t.status, t.id),
])

/**
 * The audit trail: every grant, revocation, approval and removal a staff member or admin makes (who, what, of
 * which thing, in which community, when, with the details). Append-only.
 */
export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  actorUserId: integer('actor_user_id').references(() => users.id),
  /** e.g. residency.approve, residency.reject, household.remove_member */
  action: text('action').notNull(),
  communityId: integer('community_id').references(() => communities.id),
  subjectType: text('subject_type').notNull(),
  subjectId: text('subject_id').notNull(),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [
  index('audit_log_community_idx').on(t.communityId, t.id),
  index('audit_log_subject_idx').on(t.subjectType, t.subjectId),
  // The audit page, newest first: the district's, a community's, one person's (bench/audit.ts).
  index('audit_log_created_idx').on(t.createdAt, t.id),
  index('audit_log_community_created_idx').on(t.communityId, t.createdAt, t.id),
  index('audit_log_actor_created_idx').on(t.actorUserId, t.createdAt, t.id),
  // The person filter's list: a community's actors, one index seek each (listActors).
  index('audit_log_community_actor_idx').on(t.communityId, t.actorUserId),
])

/**
 * PIPL: who on the staff side saw whose personal data in clear (a phone number, a real name with contact), when and
 * why. Append-only; the admin reads it, and the person sees it in their data export.
 */
export const personalDataAccess = pgTable('personal_data_access', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  actorUserId: integer('actor_user_id').notNull().references(() => users.id),
  subjectPersonId: integer('subject_person_id').notNull().references(() => persons.id),
  /** What was looked at, e.g. booking_desk, roster, wish_contact, household_search. */
  purpose: text('purpose').notNull(),
  /** The request that showed it (method and route). */
  route: text('route').notNull(),
  createdAt: createdAt(),
}, (t) => [
  index('personal_data_access_subject_idx').on(t.subjectPersonId, t.id),
  index('personal_data_access_created_idx').on(t.createdAt),
  // The audit page filtered by person (the reads merged with the changes).
  index('personal_data_access_actor_created_idx').on(t.actorUserId, t.createdAt, t.id),
  // The person filter's list for a community: who read its people's data, from the index alone (listActors).
  index('personal_data_access_subject_actor_idx').on(t.subjectPersonId, t.actorUserId),
])

/**
 * Phone numbers written in clear before migration 0006, waiting to be sealed with DATA_KEY (SQL cannot: the key is
 * not in the database). The server seals and deletes them right after migrating; on a new database it stays empty.
 */
export const phonesToSeal = pgTable('phones_to_seal', {
  /** persons (row_id = persons.id) or volunteer_profiles (row_id = user_id). */
  source: text('source').notNull(),
  rowId: integer('row_id').notNull(),
  phone: text('phone').notNull(),
}, (t) => [primaryKey({ columns: [t.source, t.rowId] })])

/* ---------------------------------------------------------------------------------------------------------
 * Sessions. A login opens a session: a short-lived signed access token names it (`sid`), and a random refresh
 * token, stored only as its hash, renews it. Each refresh rotates the refresh token; presenting one that was
 * already rotated revokes the whole session (a copy is in other hands). Logout revokes one session, logout-all
 * every session of the account; the access token's session is checked on every request, so both act at once.
 */
export const sessions = pgTable('sessions', {
  id: uuid('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull(),
  /** Sliding: each refresh moves it SESSION_TTL_HOURS ahead. */
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  /** logout | logout_all | reuse | account_deleted */
  revokedReason: text('revoked_reason'),
}, (t) => [index('sessions_user_idx').on(t.userId)])

/** Every refresh token a session has had (sha256, never the token); a rotated one is kept to recognise its reuse. */
export const sessionRefreshTokens = pgTable('session_refresh_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  sessionId: uuid('session_id').notNull().references(() => sessions.id, { onDelete: 'cascade' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  /** When it was exchanged for its successor; presenting it again after that is reuse. */
  rotatedAt: timestamp('rotated_at', { withTimezone: true }),
}, (t) => [index('session_refresh_tokens_session_idx').on(t.sessionId)])

/**
 * 消息推送 nonces seen within the accepted time window (WeChat signs timestamp and nonce, not the body): a signed
 * request presented again is refused. Rows older than the window are deleted as pushes arrive; a replay with such
 * an old timestamp is refused as stale anyway. Shared by every instance.
 */
export const wechatPushNonces = pgTable('wechat_push_nonces', {
  /** WeChat's timestamp, seconds since the epoch. */
  timestamp: bigint('timestamp', { mode: 'number' }).notNull(),
  nonce: text('nonce').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.timestamp, t.nonce] })])

export const schema = {
  subdistricts,
  communities,
  grids,
  buildings,
  households,
  persons,
  units,
  users,
  roleGrants,
  stations,
  rooms,
  roomClosures,
  bookings,
  bookingSuspensions,
  volunteerProfiles,
  volunteerTeams,
  teamMembers,
  volunteerProjects,
  activities,
  activitySignups,
  hourAdjustments,
  certificates,
  calendarDays,
  pointsSettings,
  pointsRules,
  householdPoints,
  pointsLedger,
  shopItems,
  redemptions,
  idempotencyKeys,
  uploads,
  wishSettings,
  wishes,
  wishClaims,
  wishEvents,
  notifications,
  personalDataAccess,
  phonesToSeal,
  residencyApplications,
  householdInvites,
  staffInvites,
  auditLog,
  sessions,
  sessionRefreshTokens,
  wechatPushNonces,
}
