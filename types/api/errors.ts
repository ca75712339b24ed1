import { z } from 'zod'

/**
 * Every error the API can return: a stable code, its HTTP status and a Chinese message fit to show the user.
 * The server throws `AppError(code)`; one handler turns it into `{ code, message, details? }`.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, message: '提交的内容有误，请检查后再试' },
  BAD_REQUEST: { status: 400, message: '请求格式不正确' },
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  SESSION_EXPIRED: { status: 401, message: '登录已过期，请重新登录' },
  FORBIDDEN: { status: 403, message: '您没有权限进行此操作' },
  OUT_OF_COMMUNITY: { status: 403, message: '只能处理本社区的事务' },
  NOT_FOUND: { status: 404, message: '您要找的内容不存在' },
  COMMUNITY_REQUIRED: { status: 400, message: '请先选择您所在的社区' },
  COMMUNITY_NOT_FOUND: { status: 404, message: '没有找到这个社区' },
  ROUTE_NOT_FOUND: { status: 404, message: '接口不存在' },
  PERSONA_NOT_FOUND: { status: 404, message: '没有这个演示身份' },
  IDEMPOTENCY_KEY_INVALID: { status: 400, message: '请求标识不正确，请重试' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, message: '请求标识已用于其他操作，请刷新后重试' },
  REQUEST_IN_PROGRESS: { status: 409, message: '上一次提交还在处理中，请稍候' },
  HOUSEHOLD_REQUIRED: { status: 409, message: '积分以家庭为单位，请先完成住户认证' },
  COMMUNITY_FIXED_BY_HOUSEHOLD: { status: 409, message: '您已完成住户认证，所在社区随住址确定；搬家请重新提交住户认证' },
  RESIDENCY_PENDING: { status: 409, message: '您已提交住户认证申请，请等待社区审核' },
  RESIDENCY_STATE_CONFLICT: { status: 409, message: '申请当前的状态不能进行这个操作，请刷新后再看' },
  RESIDENCY_PERSON_CONFLICT: { status: 409, message: '申请人已有居民档案，将随这次认证搬到新住址，不能再关联台账中的其他居民' },
  ALREADY_RESIDENT: { status: 409, message: '您已经是这一户的成员' },
  PERSON_HAS_ACCOUNT: { status: 409, message: '台账中的这位居民已绑定其他微信账号' },
  SELF_APPROVAL_FORBIDDEN: { status: 403, message: '不能审核自己的申请，请由其他工作人员处理' },
  INVITE_INVALID: { status: 404, message: '邀请不存在，请让对方重新分享' },
  INVITE_EXPIRED: { status: 409, message: '邀请已过期，请让对方重新分享' },
  INVITE_USED: { status: 409, message: '这个邀请已经用过了，请让对方重新分享' },
  LEDGER_FILE_INVALID: { status: 400, message: '无法读取这个文件，请上传用模板填写的 .xlsx 表格' },
  PARTY_REPORT_EXISTS: { status: 409, message: '您已向社区报到，请等待社区确认' },
  REPORT_STATE_CONFLICT: { status: 409, message: '当前的状态不能进行这个操作，请刷新后再看' },
  UNIT_REGISTRATION_EXISTS: { status: 409, message: '这个单位已经报到或正在审核，请联系单位管理员邀请您加入' },
  ALREADY_IN_UNIT: { status: 409, message: '您已是一个驻区单位的成员，请先退出原单位' },
  UNIT_REQUIRED: { status: 403, message: '您还不是驻区单位的成员' },
  UNIT_ADMIN_REQUIRED: { status: 403, message: '只有单位管理员可以进行这个操作' },
  ALREADY_STAFF: { status: 409, message: '您已经是这个社区的工作人员' },
  POINTS_INSUFFICIENT: { status: 409, message: '家庭积分不足' },
  OUT_OF_STOCK: { status: 409, message: '这件商品已兑完' },
  ITEM_UNAVAILABLE: { status: 409, message: '这件商品已下架' },
  REDEEM_LIMIT_REACHED: { status: 409, message: '本月兑换次数已达上限' },
  REDEMPTION_NOT_CANCELLABLE: { status: 409, message: '已领取或已失效的兑换不能取消' },
  CODE_NOT_FOUND: { status: 404, message: '取货码不存在，请核对' },
  CODE_ALREADY_USED: { status: 409, message: '该取货码已核销，不能重复领取' },
  REDEMPTION_EXPIRED: { status: 409, message: '该兑换已过期，积分已退回' },
  REDEMPTION_CANCELLED: { status: 409, message: '该兑换已取消' },
  WISH_STATE_CONFLICT: { status: 409, message: '心愿当前的状态不能进行这个操作，请刷新后再看' },
  WISH_ALREADY_CLAIMED: { status: 409, message: '这个心愿刚被别人认领了' },
  WISH_CLAIM_LIMIT_REACHED: { status: 409, message: '您认领中的心愿已达上限，请先完成已认领的心愿' },
  WISH_OWN_CLAIM: { status: 409, message: '不能认领自己发布的心愿' },
  WISH_VALUE_TOO_HIGH: { status: 400, message: '心愿价值超过了本社区的上限' },
  VOLUNTEER_REQUIRED: { status: 403, message: '注册成为志愿者、党员或驻区单位后才能认领心愿' },
  BOOKING_ROOM_UNAVAILABLE: { status: 409, message: '这个场地暂停预约' },
  BOOKING_IN_PAST: { status: 400, message: '不能预约已经过去的时间' },
  BOOKING_SLOT_MISALIGNED: { status: 400, message: '请按整段时间选择（开始和结束都要在时段的分界上）' },
  BOOKING_DURATION_INVALID: { status: 400, message: '预约时长不符合这个场地的规定' },
  BOOKING_TOO_SOON: { status: 400, message: '离开始时间太近了，请预约稍晚的时段' },
  BOOKING_TOO_FAR_AHEAD: { status: 400, message: '还不能预约这么远的日子' },
  BOOKING_OUTSIDE_HOURS: { status: 400, message: '所选时间不在开放时间内' },
  BOOKING_ROOM_CLOSED: { status: 409, message: '场地在这段时间临时关闭' },
  BOOKING_CAPACITY_EXCEEDED: { status: 400, message: '参加人数超过了场地的容纳人数' },
  BOOKING_CONFLICT: { status: 409, message: '这个时段刚被别人预约了，请换个时段' },
  BOOKING_QUOTA_EXCEEDED: { status: 409, message: '您在这个场地的预约已达上限，请先使用或取消已有的预约' },
  BOOKING_SUSPENDED: { status: 403, message: '因多次预约未到，您的预约权限暂停中' },
  BOOKING_CANCEL_TOO_LATE: { status: 409, message: '已过取消期限，如不能到场请联系社区' },
  BOOKING_STATE_CONFLICT: { status: 409, message: '预约当前的状态不能进行这个操作，请刷新后再看' },
  CHECK_IN_CODE_INVALID: { status: 400, message: '这不是本系统的签到码，请扫描场地门口的签到码' },
  CHECK_IN_NO_BOOKING: { status: 404, message: '您现在在这个场地没有可签到的预约' },
  CHECK_IN_NOT_OPEN: { status: 409, message: '还没到签到时间（开始前15分钟起可签到）' },
  CHECK_IN_CLOSED: { status: 409, message: '已超过签到时间，预约已记为爽约' },
  VOLUNTEER_NOT_REGISTERED: { status: 403, message: '请先注册成为志愿者' },
  VOLUNTEER_PERSON_REQUIRED: { status: 409, message: '注册志愿者须是本区实名居民，请先完成住户认证' },
  ACTIVITY_SIGNUP_CLOSED: { status: 409, message: '活动已开始、已结束或已取消，不能报名' },
  ACTIVITY_ALREADY_SIGNED_UP: { status: 409, message: '您已报名这个活动' },
  ACTIVITY_OVERLAP: { status: 409, message: '您在这个时间已报名了其他活动' },
  SIGNUP_CANCEL_TOO_LATE: { status: 409, message: '已过取消报名的期限，如不能参加请联系组织者' },
  SIGNUP_STATE_CONFLICT: { status: 409, message: '报名当前的状态不能进行这个操作，请刷新后再看' },
  ACTIVITY_CODE_INVALID: { status: 400, message: '这不是活动签到码，请扫描组织者手机上的签到码' },
  ACTIVITY_CODE_EXPIRED: { status: 409, message: '签到码已过期，请扫描组织者手机上刚刷新的签到码' },
  ACTIVITY_NOT_SIGNED_UP: { status: 404, message: '您没有报名这个活动，不能签到' },
  ACTIVITY_CHECK_IN_NOT_OPEN: { status: 409, message: '活动开始前30分钟起才能签到' },
  ACTIVITY_CHECK_IN_CLOSED: { status: 409, message: '活动已结束，不能再签到' },
  ACTIVITY_ALREADY_CHECKED_OUT: { status: 409, message: '您已签退，本次服务时长等待组织者确认' },
  LOCATION_REQUIRED: { status: 400, message: '这个活动需要在现场签到，请允许获取您的位置' },
  LOCATION_TOO_FAR: { status: 409, message: '您离活动地点太远，请到现场后再签到' },
  ACTIVITY_ALREADY_STARTED: { status: 409, message: '活动已经开始，不能取消' },
  ACTIVITY_CAPACITY_BELOW_SIGNUPS: { status: 409, message: '名额不能少于已报名的人数' },
  ACTIVITY_TIME_LOCKED: { status: 409, message: '已有人报名，不能再修改活动时间；如需改期请取消后重新发布' },
  HOURS_ALREADY_CONFIRMED: { status: 409, message: '服务时长已确认，不能重复确认' },
  HOURS_NOT_READY: { status: 409, message: '志愿者还没有签到签退，不能确认时长' },
  NO_CONFIRMED_HOURS: { status: 409, message: '还没有经组织者确认的服务时长，暂不能开具证明' },
  CERTIFICATE_NOT_FOUND: { status: 404, message: '查无此证明，请核对验证码' },
  CALENDAR_DAY_OFFICIAL: { status: 409, message: '这一天是国务院公布的安排，不能删除；如需调整，请把它改成其他类型' },
  PHOTO_NOT_FOUND: { status: 400, message: '照片不存在或已失效，请重新上传' },
  UPLOAD_INVALID: { status: 400, message: '只能上传 JPG、PNG 或 WebP 格式的图片' },
  UPLOAD_IMAGE_TOO_LARGE: { status: 400, message: '图片尺寸太大，请缩小后再上传' },
  UPLOAD_QUOTA_EXCEEDED: { status: 429, message: '今天上传的图片太多了，请明天再试' },
  WECHAT_SIGNATURE_INVALID: { status: 403, message: '消息签名不正确' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '提交的内容太大' },
  RATE_LIMITED: { status: 429, message: '操作太频繁，请稍后再试' },
  PHONE_CODE_INVALID: { status: 400, message: '微信手机号获取失败，请重新获取或手动填写' },
  WECHAT_CODE_INVALID: { status: 401, message: '微信登录凭证无效，请重新进入小程序' },
  WECHAT_UNAVAILABLE: { status: 503, message: '微信服务暂时不可用，请稍后再试' },
  ACCOUNT_HAS_OPEN_COMMITMENTS: { status: 409, message: '您还有进行中的事项，请先处理后再注销' },
  DELETION_NOT_CONFIRMED: { status: 400, message: '请输入“确认注销”以注销账号' },
  SERVICE_UNAVAILABLE: { status: 503, message: '服务繁忙，请稍后再试' },
  SELF_DEALING_FORBIDDEN: { status: 403, message: '不能处理自己或家人的事项，请由其他工作人员处理' },
  EXPORT_TOO_LARGE: { status: 422, message: '导出的数据超过单次上限，请缩短日期范围后再导出' },
  ADJUSTMENT_STATE_CONFLICT: { status: 409, message: '这笔积分调整已经处理过了，请刷新后再看' },
  WISH_OTHER_COMMUNITY: { status: 403, message: '微心愿由本社区的志愿者、报到党员和驻区单位认领，不能认领其他社区的心愿' },
  INTERNAL: { status: 500, message: '服务器开小差了，请稍后再试' },
  WECHAT_PUSH_STALE: { status: 403, message: '消息时间戳已过期' },
  WECHAT_PUSH_REPLAYED: { status: 403, message: '消息已处理过' },
  WECHAT_PUSH_ENCRYPTED: { status: 400, message: '消息推送须设为明文模式或兼容模式' },
  SESSION_ENDED: { status: 401, message: '登录已失效，请重新登录' },
} as const satisfies Record<string, { status: number; message: string }>

export type ErrorCode = keyof typeof ERRORS

/**
 * NOT_FOUND's message where the page can say what is missing. The code stays NOT_FOUND — clients branch on codes,
 * the message is for the user.
 */
export const NOT_FOUND_MESSAGES = {
  wish: '没有找到这个心愿',
  person: '没有找到这位居民',
  /** The person of a pending points adjustment deleted their account: it can only be rejected now. */
  anonymisedPerson: '这位居民已注销账号，请不通过这笔调整',
  household: '没有找到这户居民',
  adjustment: '没有找到这笔积分调整',
  activity: '没有找到这个活动',
  shopItem: '没有找到这件商品',
  redemption: '没有找到这笔兑换',
  station: '没有找到这个服务阵地',
} as const satisfies Record<string, string>

export const ZErrorCode = z.enum(Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]])

export const ZFieldIssue = z.object({
  path: z.string().describe('dotted path of the offending field, e.g. "body.persona"'),
  message: z.string(),
})

// Registered by id: the OpenAPI document states the error shape once (components.schemas.ErrorResponse) and every
// route's error responses refer to it, instead of repeating the table of codes thousands of times.
export const ZErrorResponse = z
  .object({
    code: ZErrorCode,
    message: z.string(),
    details: z.array(ZFieldIssue).optional(),
  })
  .meta({ id: 'ErrorResponse' })

export type ErrorResponse = z.infer<typeof ZErrorResponse>
export type FieldIssue = z.infer<typeof ZFieldIssue>
