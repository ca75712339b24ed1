import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Cell } from '@nutui/nutui-react-taro'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { DELETION_CONFIRMATION, OPEN_COMMITMENT_LABELS, PERSONAL_DATA_PURPOSE_LABELS, ROLE_LABELS, type OpenCommitment as OpenCommitmentKind } from '../../../../types/api/labels'
import { maskPhone } from '../../../../types/phone'
import type { Me } from '../../../../types/api/me'
import type { AccountDeletionCheck, PersonalDataExport } from '../../../../types/api/privacy'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { TextField } from '../../../components/text-field'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { useMe } from '../../../hooks/use-me'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { forgetSession } from '../../../services/auth'
import { ApiError } from '../../../services/http'
import { askLocationConsent, openWechatSettings } from '../../../services/location'
import {
  deleteAccount,
  getAccountDeletionCheck,
  getPersonalData,
  PERSONAL_DATA_FILE_NAME,
  privacyKeys,
  savePersonalDataFile,
  sharePersonalDataFile,
} from '../../../services/privacy'
import { locationConsent } from '../../../stores/privacy'
import { formatDateTime } from '../../../utils/format'
import { goTo, goToLogin, ROUTES } from '../../../utils/navigation'
import '../../../components/form.scss'
import './index.scss'

const HOME_TAB = '/pages/index/index'

/** Where each kind of open commitment is settled. */
const COMMITMENT_PAGES: Record<OpenCommitmentKind, string> = {
  bookings: ROUTES.bookingMine,
  signups: ROUTES.volunteerMine,
  wishes: ROUTES.wishMine,
  claims: ROUTES.wishClaims,
  redemptions: ROUTES.redemptions,
}

/** The export's sections as the user counts them. */
const RECORD_ROWS: readonly { section: keyof PersonalDataExport['sections']; label: string; unit: string }[] = [
  { section: 'wishes', label: '发布的心愿', unit: '条' },
  { section: 'claims', label: '认领的心愿', unit: '次' },
  { section: 'bookings', label: '场地和工具预约', unit: '次' },
  { section: 'signups', label: '志愿活动报名', unit: '次' },
  { section: 'certificates', label: '志愿服务证明', unit: '份' },
  { section: 'pointsLedger', label: '积分记录', unit: '条' },
  { section: 'redemptions', label: '积分兑换', unit: '次' },
  { section: 'reminders', label: '消息提醒', unit: '条' },
  { section: 'uploads', label: '上传的照片', unit: '张' },
  { section: 'residencyApplications', label: '住户认证申请', unit: '次' },
]

/** Staff sightings shown on the page; the file has them all. */
const ACCESS_SHOWN = 5

/** 我的 › 个人信息与隐私: what is held about me, the export, the policy, location consent, deleting the account. */
export default function PersonalInfoPage() {
  const me = useMe()
  const data = useQuery({ queryKey: privacyKeys.personalData, queryFn: getPersonalData, enabled: me.isSuccess })
  usePullRefresh(() => Promise.all([me.refetch(), data.refetch()]))
  return (
    <PageShell className='personal-info'>
      <QueryView query={me} onLogin={goToLogin} skeletonRows={6}>
        {(profile) => (
          <View>
            <Profile me={profile} />
            <View className='section-title'>您在家门口的记录</View>
            <QueryView
              query={data}
              skeletonRows={5}
              isEmpty={holdsNothing}
              empty={<EmptyState title='还没有记录' description='您发布心愿、预约场地、报名活动以后，记录会显示在这里' />}
            >
              {(d) => <Records data={d} />}
            </QueryView>
            <ExportSection />
            <View className='section-title'>隐私设置</View>
            <Cell.Group>
              <Cell className='tap-target' title='隐私政策' description='我们收集哪些信息、怎样使用和保护' extra='查看 ›' clickable onClick={() => goTo(ROUTES.privacyPolicy)} />
            </Cell.Group>
            <LocationSection />
            <DeletionSection />
          </View>
        )}
      </QueryView>
    </PageShell>
  )
}

/** No records of any kind, no volunteer registration and no staff sightings. */
function holdsNothing(d: PersonalDataExport): boolean {
  return !d.volunteer && d.staffAccess.length === 0 && RECORD_ROWS.every((row) => d.sections[row.section].length === 0)
}

function Profile({ me }: { me: Me }) {
  return (
    <View>
      <View className='card personal-info__intro'>
        这里是家门口保存的关于您的信息。您可以导出一份完整的文件，撤回使用位置的同意，或者注销账号。
      </View>
      <Cell.Group className='personal-info__held'>
        <Cell title='姓名' extra={me.name} />
        <Cell title='手机号' extra={me.phoneMasked ?? '未登记'} />
        <Cell title='身份' extra={me.roles.length ? me.roles.map((r) => ROLE_LABELS[r]).join('、') : '居民'} />
        <Cell title='所在社区' extra={me.community ? `${me.community.subdistrictName} ${me.community.name}` : '未加入社区'} />
        {me.household ? <Cell title='家庭住址' description={me.household.address} /> : null}
        {me.unit ? <Cell title='单位' extra={me.unit.name} /> : null}
      </Cell.Group>
    </View>
  )
}

function Records({ data }: { data: PersonalDataExport }) {
  const access = data.staffAccess.slice().sort((a, b) => b.at.localeCompare(a.at))
  return (
    <View>
      {data.volunteer ? (
        <View className='card personal-info__volunteer'>
          <View className='personal-info__card-title'>志愿者登记信息</View>
          <View>
            实名：{data.volunteer.realName}
            {/* Masked as everywhere else; the exported file has it whole. */}
            {data.volunteer.phone ? `，手机号：${maskPhone(data.volunteer.phone)}` : ''}
          </View>
          <View className='muted'>
            您于{formatDateTime(data.volunteer.consentedAt)}同意了志愿者个人信息使用说明（版本 {data.volunteer.consentVersion}）
          </View>
        </View>
      ) : null}
      <View className='card personal-info__records'>
        {RECORD_ROWS.map((row) => (
          <View key={row.section} className='personal-info__record'>
            <View>{row.label}</View>
            <View className='personal-info__count'>
              {data.sections[row.section].length}
              {row.unit}
            </View>
          </View>
        ))}
      </View>
      <View className='card personal-info__access'>
        <View className='personal-info__card-title'>工作人员查看记录</View>
        {access.length === 0 ? (
          <View className='muted'>没有工作人员查看过您的手机号等个人信息。</View>
        ) : (
          <>
            {access.slice(0, ACCESS_SHOWN).map((a) => (
              <View key={a.id} className='personal-info__access-row'>
                {formatDateTime(a.at)} {a.actorName}（{PERSONAL_DATA_PURPOSE_LABELS[a.purpose]}）
              </View>
            ))}
            {access.length > ACCESS_SHOWN ? <View className='muted'>共{access.length}条，导出的文件里有全部记录</View> : null}
          </>
        )}
      </View>
    </View>
  )
}

/**
 * 导出我的数据: the export written as a JSON file. In WeChat, sending it to a chat is a second tap (WeChat allows
 * shareFileMessage only from a tap, and the file is written after the export has arrived); on the web the
 * browser downloads it.
 */
function ExportSection() {
  const queryClient = useQueryClient()
  const [savedPath, setSavedPath] = useState<string | null>(null)
  const save = useMutation({
    mutationFn: async () => {
      // Always the server's answer of now, not the copy the page was opened with.
      const data = await queryClient.fetchQuery({ queryKey: privacyKeys.personalData, queryFn: getPersonalData, staleTime: 0 })
      return savePersonalDataFile(data)
    },
    onSuccess: (path) => {
      setSavedPath(path)
      void Taro.showToast({ title: path ? '文件已生成，可以发送到微信聊天' : `已下载「${PERSONAL_DATA_FILE_NAME}」`, icon: 'none', duration: 2500 })
    },
  })
  const share = (path: string) => {
    sharePersonalDataFile(path).catch(() => void Taro.showToast({ title: '文件发送失败，请稍后再试', icon: 'none', duration: 2500 }))
  }
  return (
    <View className='card personal-info__export'>
      <View className='personal-info__card-title'>导出数据</View>
      <View className='muted'>
        生成一个文件「{PERSONAL_DATA_FILE_NAME}」，里面是家门口保存的您的全部信息{process.env.TARO_ENV === 'h5' ? '。' : '。生成后可以发送到「文件传输助手」，在电脑上打开保存。'}
      </View>
      <Button type='primary' block className='tap-target personal-info__export-button' disabled={save.isPending} onClick={() => save.mutate()}>
        {save.isPending ? '正在导出…' : savedPath ? '重新导出' : '导出我的数据'}
      </Button>
      {savedPath ? (
        <View className='personal-info__saved'>
          <View>文件已生成：{PERSONAL_DATA_FILE_NAME}</View>
          <Button block className='tap-target personal-info__share' onClick={() => share(savedPath)}>
            发送到微信聊天（如文件传输助手）
          </Button>
        </View>
      ) : null}
    </View>
  )
}

const CONSENT_STATE = { granted: '已同意', denied: '未同意', unasked: '尚未询问' } as const

function LocationSection() {
  const consent = locationConsent.use()
  const grant = async () => {
    if (await askLocationConsent('settings')) void Taro.showToast({ title: '已同意使用位置', icon: 'none' })
  }
  const withdraw = () => {
    locationConsent.set('denied')
    void Taro.showToast({ title: '已撤回，家门口不会再获取您的位置', icon: 'none', duration: 2500 })
  }
  return (
    <View className='card personal-info__location'>
      <View className='personal-info__card-title'>位置信息</View>
      <View className='personal-info__location-state'>使用位置：{CONSENT_STATE[consent ?? 'unasked']}</View>
      <View className='muted'>只在查看附近服务阵地的距离、参加要求现场签到的志愿活动时使用，不记录您的行踪。</View>
      {consent === 'granted' ? (
        <Button block className='tap-target personal-info__location-withdraw' onClick={withdraw}>
          撤回同意
        </Button>
      ) : (
        <Button block className='tap-target personal-info__location-grant' onClick={() => void grant()}>
          同意使用位置
        </Button>
      )}
      {process.env.TARO_ENV === 'weapp' ? (
        <Button block className='tap-target personal-info__wechat-settings' onClick={openWechatSettings}>
          微信的位置权限设置
        </Button>
      ) : null}
    </View>
  )
}

function DeletionSection() {
  const [open, setOpen] = useState(false)
  return (
    <View className='card personal-info__delete'>
      <View className='personal-info__card-title'>注销账号</View>
      {open ? (
        <AccountDeletion onCancel={() => setOpen(false)} />
      ) : (
        <>
          <View className='muted'>注销后，您的个人信息会被删除，不能恢复。</View>
          <Button block className='tap-target personal-info__delete-start' onClick={() => setOpen(true)}>
            注销账号
          </Button>
        </>
      )}
    </View>
  )
}

function AccountDeletion({ onCancel }: { onCancel: () => void }) {
  const check = useQuery({ queryKey: privacyKeys.deletionCheck, queryFn: getAccountDeletionCheck, staleTime: 0 })
  return (
    <QueryView query={check} skeletonRows={3}>
      {(c) => (c.openCommitments.length > 0 ? <OpenCommitments check={c} onCancel={onCancel} /> : <ConfirmDeletion onCancel={onCancel} />)}
    </QueryView>
  )
}

function OpenCommitments({ check, onCancel }: { check: AccountDeletionCheck; onCancel: () => void }) {
  return (
    <View className='personal-info__open'>
      <View>您还有下面这些事项没有处理完，处理完才能注销：</View>
      <Cell.Group>
        {check.openCommitments.map((c) => (
          <Cell
            key={c.kind}
            className='tap-target personal-info__open-item'
            title={c.label || OPEN_COMMITMENT_LABELS[c.kind]}
            description={`${c.count}项`}
            extra='去处理 ›'
            clickable
            onClick={() => goTo(COMMITMENT_PAGES[c.kind])}
          />
        ))}
      </Cell.Group>
      <Button block className='tap-target' onClick={onCancel}>
        暂不注销
      </Button>
    </View>
  )
}

function ConfirmDeletion({ onCancel }: { onCancel: () => void }) {
  const queryClient = useQueryClient()
  const [typed, setTyped] = useState('')
  const confirmed = typed.trim() === DELETION_CONFIRMATION
  const remove = useIdempotentMutation({
    mutationFn: (_vars, key) => deleteAccount(typed.trim(), key),
    onSuccess: async () => {
      // The session is gone with the account: forget it here too, leave for the home tab, and drop what the
      // pages still hold of this user (the tab pages stay mounted: reset, they load again as a visitor).
      forgetSession()
      void Taro.showToast({ title: '账号已注销', icon: 'none', duration: 2500 })
      await Taro.switchTab({ url: HOME_TAB })
      await queryClient.resetQueries()
    },
    onError: (err) => {
      // Something was opened meanwhile: ask again what, and the page lists it instead of the confirmation.
      if (err instanceof ApiError && err.code === 'ACCOUNT_HAS_OPEN_COMMITMENTS') void queryClient.invalidateQueries({ queryKey: privacyKeys.deletionCheck })
    },
  })
  const failure = remove.error instanceof ApiError && remove.error.code !== 'ACCOUNT_HAS_OPEN_COMMITMENTS' ? remove.error.message : null
  return (
    <View className='personal-info__confirm'>
      <View className='personal-info__consequences'>
        <View>注销后：</View>
        <View>1. 您的姓名、手机号、家庭住址和志愿者登记信息会被删除，不能恢复；</View>
        <View>2. 您家的积分记录会保留，但不再显示您的名字，家里其他人的积分不受影响；</View>
        <View>3. 您发布过的心愿和服务记录以不显示姓名的方式保留，用于社区统计；</View>
        <View>4. 注销不能撤销。以后再使用家门口，需要重新登录和登记。</View>
      </View>
      <View className='field__label'>确定注销，请输入“{DELETION_CONFIRMATION}”</View>
      <TextField value={typed} onChange={setTyped} placeholder={`请输入：${DELETION_CONFIRMATION}`} label={`输入${DELETION_CONFIRMATION}`} maxLength={10} />
      {failure ? <View className='form-error'>{failure}</View> : null}
      <Button type='danger' block className='tap-target personal-info__delete-confirm' disabled={!confirmed || remove.isPending} onClick={() => remove.mutate()}>
        {remove.isPending ? '正在注销…' : '注销账号'}
      </Button>
      <Button block className='tap-target' onClick={onCancel}>
        暂不注销
      </Button>
    </View>
  )
}
