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

/** Earning rules, configurable per community (points per unit). */
export const POINTS_RULES = ['wish_fulfilled', 'volunteer_hour', 'council_meeting', 'environment_drive'] as const
export type PointsRule = (typeof POINTS_RULES)[number]
export const POINTS_RULE_LABELS: Record<PointsRule, { label: string; unit: string }> = {
  wish_fulfilled: { label: '帮助兑现微心愿', unit: '每个心愿' },
  volunteer_hour: { label: '志愿服务', unit: '每小时' },
  council_meeting: { label: '参加议事会', unit: '每次' },
  environment_drive: { label: '参加环境整治', unit: '每次' },
}

/** Why a ledger row exists. */
export const POINTS_REASONS = ['rule_award', 'staff_award', 'staff_deduction', 'redemption', 'redemption_refund', 'expiry'] as const
export type PointsReason = (typeof POINTS_REASONS)[number]

export const REDEMPTION_STATUSES = ['reserved', 'picked_up', 'cancelled', 'expired'] as const
export type RedemptionStatus = (typeof REDEMPTION_STATUSES)[number]
export const REDEMPTION_STATUS_LABELS: Record<RedemptionStatus, string> = {
  reserved: '待领取',
  picked_up: '已领取',
  cancelled: '已取消',
  expired: '已过期',
}

export const SHOP_ITEM_KINDS = ['goods', 'service'] as const
export type ShopItemKind = (typeof SHOP_ITEM_KINDS)[number]
export const SHOP_ITEM_KIND_LABELS: Record<ShopItemKind, string> = { goods: '物品', service: '服务' }

/** 微心愿 categories (PRODUCT.md › 微心愿). */
export const WISH_CATEGORIES = ['daily_goods', 'education', 'elderly_care', 'health', 'appliance_repair', 'companionship', 'other'] as const
export type WishCategory = (typeof WISH_CATEGORIES)[number]
export const WISH_CATEGORY_LABELS: Record<WishCategory, string> = {
  daily_goods: '生活物资',
  education: '助学',
  elderly_care: '助老',
  health: '医疗健康',
  appliance_repair: '家电维修',
  companionship: '陪伴关爱',
  other: '其他',
}

/** A wish's life: pending → open → claimed → fulfilled → confirmed; side exits rejected and withdrawn. */
export const WISH_STATUSES = ['pending', 'open', 'claimed', 'fulfilled', 'confirmed', 'rejected', 'withdrawn'] as const
export type WishStatus = (typeof WISH_STATUSES)[number]
export const WISH_STATUS_LABELS: Record<WishStatus, string> = {
  pending: '待审核',
  open: '待认领',
  claimed: '已认领',
  fulfilled: '已完成',
  confirmed: '已确认',
  rejected: '未通过',
  withdrawn: '已撤回',
}

/** How the wisher wants to be reached once someone claims the wish. */
export const CONTACT_PREFERENCES = ['phone', 'visit', 'via_staff'] as const
export type ContactPreference = (typeof CONTACT_PREFERENCES)[number]
export const CONTACT_PREFERENCE_LABELS: Record<ContactPreference, string> = {
  phone: '电话联系',
  visit: '上门前电话约时间',
  via_staff: '由社区工作人员转达',
}

/** What happened to a wish, in its timeline. */
export const WISH_EVENT_KINDS = ['posted', 'approved', 'rejected', 'claimed', 'claim_lapsed', 'claim_given_up', 'fulfilled', 'confirmed', 'withdrawn', 'category_changed'] as const
export type WishEventKind = (typeof WISH_EVENT_KINDS)[number]
export const WISH_EVENT_LABELS: Record<WishEventKind, string> = {
  posted: '发布心愿',
  approved: '审核通过',
  rejected: '审核未通过',
  claimed: '被认领',
  claim_lapsed: '认领超时，重新开放认领',
  claim_given_up: '认领人放弃，重新开放认领',
  fulfilled: '认领人已完成',
  confirmed: '确认完成并致谢',
  withdrawn: '撤回心愿',
  category_changed: '调整分类',
}

/** What the caller may do to a wish now; the server decides, the client shows the buttons. */
export const WISH_ACTIONS = ['withdraw', 'claim', 'give_up', 'fulfil', 'confirm', 'review', 'confirm_for_wisher'] as const
export type WishAction = (typeof WISH_ACTIONS)[number]

/**
 * Why the caller cannot claim an open wish that others can: `become_volunteer` they are not a volunteer, party
 * member or 驻区单位 (registering as a volunteer opens it); `other_community` wishes are claimed in one's own
 * community.
 */
export const WISH_CLAIM_BLOCKS = ['become_volunteer', 'other_community'] as const
export type WishClaimBlock = (typeof WISH_CLAIM_BLOCKS)[number]

/** The content check's verdict on a text or a picture, for the reviewer. */
export const MODERATION_VERDICTS = ['pass', 'review', 'risky', 'pending', 'unchecked'] as const
export type ModerationVerdict = (typeof MODERATION_VERDICTS)[number]
export const MODERATION_VERDICT_LABELS: Record<ModerationVerdict, string> = {
  pass: '机审通过',
  review: '疑似违规，请人工判断',
  risky: '机审判定违规',
  pending: '图片审核中',
  unchecked: '未经机审',
}

/** What a station lends: a room booked in time slots, or a tool of the 共享工具库 booked by the day. */
export const RESOURCE_KINDS = ['room', 'tool'] as const
export type ResourceKind = (typeof RESOURCE_KINDS)[number]
export const RESOURCE_KIND_LABELS: Record<ResourceKind, string> = { room: '场地', tool: '共享工具' }

/** A booking's life: pending → confirmed → checked_in; side exits rejected, cancelled and no_show. */
export const BOOKING_STATUSES = ['pending', 'confirmed', 'rejected', 'cancelled', 'checked_in', 'no_show'] as const
export type BookingStatus = (typeof BOOKING_STATUSES)[number]
export const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = {
  pending: '待审核',
  confirmed: '已确认',
  rejected: '已拒绝',
  cancelled: '已取消',
  checked_in: '已签到',
  no_show: '爽约',
}

/** What the caller may do to a booking now; the server decides, the client shows the buttons. */
export const BOOKING_ACTIONS = ['cancel', 'check_in', 'approve', 'reject', 'staff_check_in', 'staff_cancel'] as const
export type BookingAction = (typeof BOOKING_ACTIONS)[number]

/** Limits of a booking's texts, shown by the forms and enforced by the contract (types/api/booking.ts). */
export const BOOKING_PURPOSE_MAX = 100
export const BOOKING_REASON_MIN = 2
export const BOOKING_REASON_MAX = 200

/** 爽约 policy (PRODUCT.md › 阵地预约): this many no-shows within the window suspend booking for a while. */
export const NO_SHOW_POLICY = { limit: 3, windowDays: 60, suspensionDays: 30 } as const

/** A cell of the week grid. */
export const SLOT_STATES = ['free', 'taken', 'mine', 'closed', 'past'] as const
export type SlotState = (typeof SLOT_STATES)[number]

/**
 * Why a cell cannot be booked (null for a free one): `past` it has begun or is over; `notice` it starts inside the
 * room's notice (提前N小时预约), or a tool can no longer be picked up today; `too_far` it lies beyond how far ahead
 * one may book (not open for booking yet); `closure` the room is closed then (临时关闭); `inactive` the room is not
 * taking bookings; `booked` someone holds it; `mine` the caller holds it.
 */
export const SLOT_REASONS = ['past', 'notice', 'too_far', 'closure', 'inactive', 'booked', 'mine'] as const
export type SlotReason = (typeof SLOT_REASONS)[number]

/**
 * Where something with a start and an end stands now, as the server tells it (an activity, a booking, an event of
 * 活动预告): lists, 活动预告 and detail pages all show this one answer, so an event that has ended never still
 * offers its places.
 */
export const EVENT_PHASES = ['upcoming', 'ongoing', 'ended', 'cancelled'] as const
export type EventPhase = (typeof EVENT_PHASES)[number]
export const EVENT_PHASE_LABELS: Record<EventPhase, string> = { upcoming: '未开始', ongoing: '进行中', ended: '已结束', cancelled: '已取消' }

/** How a day's opening hours are decided: its weekday, or the official calendar (法定节假日, 调休上班). */
export const DAY_KINDS = ['workday', 'weekend', 'holiday', 'makeup_workday'] as const
export type DayKind = (typeof DAY_KINDS)[number]
export const DAY_KIND_LABELS: Record<DayKind, string> = { workday: '工作日', weekend: '周末', holiday: '节假日', makeup_workday: '调休上班' }

/** 志愿服务 skills a volunteer offers and an activity asks for. */
export const VOLUNTEER_SKILLS = ['elderly_care', 'medical', 'haircut', 'repair', 'legal', 'counselling', 'tutoring', 'culture', 'environment', 'emergency', 'digital', 'general'] as const
export type VolunteerSkill = (typeof VOLUNTEER_SKILLS)[number]
export const VOLUNTEER_SKILL_LABELS: Record<VolunteerSkill, string> = {
  elderly_care: '助老服务',
  medical: '医疗义诊',
  haircut: '义剪',
  repair: '家电维修',
  legal: '法律咨询',
  counselling: '心理疏导',
  tutoring: '学业辅导',
  culture: '文艺宣传',
  environment: '环境整治',
  emergency: '应急救援',
  digital: '智能手机教学',
  general: '综合服务',
}

/** When a volunteer is usually free. */
export const AVAILABILITY_SLOTS = ['weekday_daytime', 'weekday_evening', 'weekend'] as const
export type AvailabilitySlot = (typeof AVAILABILITY_SLOTS)[number]
export const AVAILABILITY_LABELS: Record<AvailabilitySlot, string> = { weekday_daytime: '工作日白天', weekday_evening: '工作日晚上', weekend: '周末' }

/** A sign-up's life: accepted (or waitlisted, then promoted) → checked in/out → hours confirmed; or cancelled / no_show. */
export const SIGNUP_STATUSES = ['accepted', 'waitlisted', 'cancelled', 'no_show'] as const
export type SignupStatus = (typeof SIGNUP_STATUSES)[number]
export const SIGNUP_STATUS_LABELS: Record<SignupStatus, string> = { accepted: '已报名', waitlisted: '候补中', cancelled: '已取消', no_show: '未到场' }

/** What the caller may do with an activity now; the server decides. */
export const ACTIVITY_ACTIONS = ['sign_up', 'join_waitlist', 'cancel_signup', 'scan', 'manage'] as const
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number]

/** What the organiser may do with one sign-up on the roster now; the server decides. */
export const ROSTER_ACTIONS = ['check_in', 'check_out', 'no_show', 'confirm'] as const
export type RosterAction = (typeof ROSTER_ACTIONS)[number]

/** 星级志愿者 by confirmed service hours (《志愿服务记录与证明出具办法》 practice: 100/300/600/1000/1500 h). */
export const STAR_THRESHOLD_HOURS = [100, 300, 600, 1000, 1500] as const

/** The reminders (订阅消息) the server sends, each with its own template chosen in the WeChat console. */
export const REMINDER_EVENTS = [
  'residency_result',
  'party_report_result',
  'unit_registration_result',
  'wish_claimed',
  'booking_result',
  'booking_reminder',
  'activity_reminder',
  'waitlist_promoted',
  'activity_cancelled',
  'redemption_ready',
  'redemption_expiring',
] as const
export type ReminderEvent = (typeof REMINDER_EVENTS)[number]

/**
 * The moments the mini-program asks to send reminders (wx.requestSubscribeMessage takes at most three templates
 * per call, and must be called from the tap itself), and which reminders each asks for.
 */
export const SUBSCRIBE_MOMENTS = {
  residency_applied: ['residency_result'],
  party_reported: ['party_report_result'],
  unit_registered: ['unit_registration_result'],
  wish_posted: ['wish_claimed'],
  booking_made: ['booking_result', 'booking_reminder'],
  signed_up: ['activity_reminder', 'waitlist_promoted', 'activity_cancelled'],
  redeemed: ['redemption_ready', 'redemption_expiring'],
} as const satisfies Record<string, readonly ReminderEvent[]>
export type SubscribeMoment = keyof typeof SUBSCRIBE_MOMENTS

/** Account deletion (注销) is refused while any of these is still open; the user settles them first. */
export const OPEN_COMMITMENTS = ['bookings', 'signups', 'wishes', 'claims', 'redemptions'] as const
export type OpenCommitment = (typeof OPEN_COMMITMENTS)[number]
export const OPEN_COMMITMENT_LABELS: Record<OpenCommitment, string> = {
  bookings: '未结束的预约',
  signups: '未开始的活动报名',
  wishes: '未完成的心愿',
  claims: '认领中的心愿',
  redemptions: '待领取的兑换',
}

/** What the user types to delete the account (注销): a deletion is never one stray tap. */
export const DELETION_CONFIRMATION = '确认注销'

/** Why staff saw someone's personal data in clear (个人信息访问记录). */
export const PERSONAL_DATA_PURPOSES = ['booking_desk', 'roster', 'wish_contact', 'household_members', 'volunteer_profile', 'party_reports', 'export'] as const
export type PersonalDataPurpose = (typeof PERSONAL_DATA_PURPOSES)[number]
export const PERSONAL_DATA_PURPOSE_LABELS: Record<PersonalDataPurpose, string> = {
  booking_desk: '预约登记',
  roster: '活动名单',
  wish_contact: '心愿联系方式',
  household_members: '家庭成员',
  volunteer_profile: '志愿者资料',
  party_reports: '党员报到',
  export: '台账导出（完整信息）',
}

/** 与户主关系: how a member stands to the head of the household. */
export const HOUSEHOLD_RELATIONSHIPS = ['head', 'spouse', 'child', 'parent', 'grandparent', 'grandchild', 'sibling', 'other'] as const
export type HouseholdRelationship = (typeof HOUSEHOLD_RELATIONSHIPS)[number]
export const HOUSEHOLD_RELATIONSHIP_LABELS: Record<HouseholdRelationship, string> = {
  head: '户主',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  grandparent: '祖父母',
  grandchild: '孙子女',
  sibling: '兄弟姐妹',
  other: '其他',
}

/** 住户认证: where an application stands. */
export const RESIDENCY_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const
export type ResidencyStatus = (typeof RESIDENCY_STATUSES)[number]
export const RESIDENCY_STATUS_LABELS: Record<ResidencyStatus, string> = { pending: '审核中', approved: '已认证', rejected: '未通过', withdrawn: '已撤回' }

/** 在职党员报到: revoked is staff ending it (moved away, 组织关系 transferred). */
export const PARTY_REPORT_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn', 'revoked'] as const
export type PartyReportStatus = (typeof PARTY_REPORT_STATUSES)[number]
export const PARTY_REPORT_STATUS_LABELS: Record<PartyReportStatus, string> = { pending: '待社区确认', approved: '已报到', rejected: '未通过', withdrawn: '已撤回', revoked: '已结束' }

export const UNIT_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const
export type UnitStatus = (typeof UNIT_STATUSES)[number]
export const UNIT_STATUS_LABELS: Record<UnitStatus, string> = { pending: '待社区审核', approved: '已报到', rejected: '未通过', withdrawn: '已撤回' }

export const UNIT_MEMBER_ROLES = ['admin', 'member'] as const
export type UnitMemberRole = (typeof UNIT_MEMBER_ROLES)[number]
export const UNIT_MEMBER_ROLE_LABELS: Record<UnitMemberRole, string> = { admin: '管理员', member: '成员' }

/* 社区工作台 (types/api/reports.ts) */

export const EXPORT_KINDS = ['wishes', 'bookings', 'rosters', 'service-records', 'points-ledger'] as const
export type ExportKind = (typeof EXPORT_KINDS)[number]
export const EXPORT_KIND_LABELS: Record<ExportKind, string> = {
  wishes: '微心愿台账',
  bookings: '场地预约台账',
  rosters: '志愿活动名单及时长',
  'service-records': '志愿服务记录',
  'points-ledger': '积分明细',
}

/** What the audit page filters by: the first part of an action (`wish.approve` is of kind `wish`). */
export const AUDIT_KINDS = ['residency', 'household', 'staff', 'org', 'ledger', 'party', 'unit', 'wish', 'booking', 'station', 'activity', 'points', 'shop', 'export', 'personal_data'] as const
export type AuditKind = (typeof AUDIT_KINDS)[number]
export const AUDIT_KIND_LABELS: Record<AuditKind, string> = {
  residency: '住户认证',
  household: '家庭成员',
  staff: '工作人员',
  org: '组织架构',
  ledger: '台账导入',
  party: '党员报到',
  unit: '驻区单位',
  wish: '微心愿',
  booking: '场地预约',
  station: '阵地管理',
  activity: '志愿活动',
  points: '积分',
  shop: '积分超市',
  export: '数据导出',
  personal_data: '查看个人信息',
}
