import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Cell } from '@nutui/nutui-react-taro'
import { Switch } from '../../components/switch'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ROLE_LABELS } from '../../../types/api/labels'
import type { Me } from '../../../types/api/me'
import type { StaffOverview } from '../../../types/api/people'
import { PageShell } from '../../components/page-shell'
import { QueryView } from '../../components/query-view'
import { useMe } from '../../hooks/use-me'
import { usePullRefresh } from '../../hooks/use-pull-refresh'
import { logout, logoutEverywhere } from '../../services/auth'
import { showError } from '../../services/http'
import { peopleKeys } from '../../services/people'
import { getStaffOverview } from '../../services/staff/people'
import { elderMode, useElderMode, wechatFont, LARGE_WECHAT_FONT_PX } from '../../stores/preferences'
import { goTo, goToLogin, ROUTES } from '../../utils/navigation'
import { staffCommunityOf } from '../../utils/staff'
import './index.scss'

export default function MePage() {
  const me = useMe()
  const elder = useElderMode()
  usePullRefresh(() => me.refetch())
  return (
    <PageShell>
      <QueryView query={me} onLogin={goToLogin}>
        {(profile) => <Profile me={profile} elder={elder} />}
      </QueryView>
      <ElderModeSwitch />
    </PageShell>
  )
}

type Entry = { title: string; description: string; action: string; url: string }

/** A resident's own pages, grouped as 我的 shows them normally. */
const WISH_ENTRIES: Entry[] = [
  { title: '我的心愿', description: '我发布的心愿和进展', action: '查看', url: ROUTES.wishMine },
  { title: '我的认领', description: '我认领的心愿和完成期限', action: '查看', url: ROUTES.wishClaims },
  { title: '我的志愿', description: '服务时长、星级、服务记录和证明', action: '查看', url: ROUTES.volunteerMine },
  { title: '我的预约', description: '预约的场地、共享工具和签到', action: '查看', url: ROUTES.bookingMine },
]
const POINTS_ENTRIES: Entry[] = [
  { title: '我的积分', description: '家庭积分、明细和排行', action: '查看', url: ROUTES.points },
  { title: '积分超市', description: '用积分兑换物品和服务', action: '去兑换', url: ROUTES.shop },
  { title: '我的兑换', description: '取货码和兑换记录', action: '查看', url: ROUTES.redemptions },
]
const ALL_ENTRIES = [...WISH_ENTRIES, ...POINTS_ENTRIES]
/** 长辈模式 puts the entries residents open most first, as large cells; the others follow under 更多. */
const ELDER_FIRST = [ROUTES.points, ROUTES.bookingMine, ROUTES.wishMine, ROUTES.volunteerMine, ROUTES.shop].map((url) => ALL_ENTRIES.find((e) => e.url === url)!)
const ELDER_MORE = ALL_ENTRIES.filter((e) => !ELDER_FIRST.includes(e))

function EntryCells({ entries, elder }: { entries: Entry[]; elder: boolean }) {
  return (
    <Cell.Group className={elder ? 'me-entries me-entries--elder' : 'me-entries'}>
      {entries.map((e) => (
        <Cell
          key={e.url}
          className='tap-target me-entry'
          title={e.title}
          // 长辈模式: fewer words; the title says it.
          description={elder ? undefined : e.description}
          extra={`${e.action} ›`}
          clickable
          onClick={() => goTo(e.url)}
        />
      ))}
    </Cell.Group>
  )
}

/** What 退出登录 and 退出所有设备 ask before they act. */
const SIGN_OUT_CONFIRM = { title: '退出登录', content: '退出后，需要重新登录才能使用家门口。', confirmText: '退出', cancelText: '再想想' }
const SIGN_OUT_EVERYWHERE_CONFIRM = {
  title: '退出所有设备',
  content: '您在所有手机上的登录都会失效，包括这台手机。怀疑别人用了您的账号时，请这样做。',
  confirmText: '全部退出',
  cancelText: '再想想',
}

function Profile({ me, elder }: { me: Me; elder: boolean }) {
  const queryClient = useQueryClient()
  const leave = () => {
    // Keep the queries in the cache: the tab pages stay mounted, and the login page resets (and so refetches)
    // them for the next identity. Removed queries would leave those pages showing this user.
    void queryClient.cancelQueries()
    goToLogin()
  }
  /** 切换演示身份 (H5 demo) ends this session at once; 退出登录 asks first. */
  const signOut = async (ask: boolean) => {
    if (ask && !(await Taro.showModal(SIGN_OUT_CONFIRM)).confirm) return
    await logout()
    leave()
  }
  const signOutEverywhere = useMutation({
    mutationFn: logoutEverywhere,
    onSuccess: () => {
      void Taro.showToast({ title: '已退出所有设备', icon: 'none', duration: 2500 })
      leave()
    },
    onError: showError,
  })
  const askSignOutEverywhere = async () => {
    if ((await Taro.showModal(SIGN_OUT_EVERYWHERE_CONFIRM)).confirm) signOutEverywhere.mutate()
  }
  const isAdmin = me.roles.includes('admin')
  // What waits for staff in their community: the total on the 工作台's entry (its page shows each count).
  const staffCommunity = me.staffCommunityIds.length ? staffCommunityOf(me) : null
  const overview = useQuery({ queryKey: peopleKeys.staffOverview(staffCommunity ?? 0), queryFn: () => getStaffOverview(staffCommunity!), enabled: staffCommunity !== null })
  return (
    <View>
      <View className='card profile'>
        <View className='profile__name'>{me.name}</View>
        <View className='profile__roles'>
          {(me.roles.length ? me.roles.map((r) => ROLE_LABELS[r]) : ['未认证居民']).map((label) => (
            <View key={label} className='role-badge'>
              {label}
            </View>
          ))}
        </View>
      </View>
      {elder ? (
        <EntryCells elder entries={ELDER_FIRST} />
      ) : null}
      {elder ? <View className='section-title'>我的信息</View> : null}
      <Cell.Group>
        <Cell title='所在社区' extra={me.community ? `${me.community.subdistrictName} ${me.community.name}` : '未加入社区'} />
        {me.household ? (
          <>
            <Cell title='家庭住址' description={me.household.address} />
            <Cell className='tap-target' title='我的家庭' description={elder ? undefined : '家庭成员，邀请家人加入'} extra={`${me.household.memberCount}人 ›`} clickable onClick={() => goTo(ROUTES.household)} />
          </>
        ) : (
          <Cell className='tap-target me-residency' title='住户认证' description={elder ? undefined : '认证住址后可使用家庭积分、报名志愿服务'} extra='去认证 ›' clickable onClick={() => goTo(ROUTES.residency)} />
        )}
        <Cell title='手机号' extra={me.phoneMasked ?? '未绑定'} />
      </Cell.Group>
      {elder ? (
        <>
          <View className='section-title'>更多</View>
          <EntryCells elder entries={ELDER_MORE} />
        </>
      ) : (
        <>
          <View className='section-title'>微心愿</View>
          <EntryCells elder={false} entries={WISH_ENTRIES} />
          <View className='section-title'>积分</View>
          <EntryCells elder={false} entries={POINTS_ENTRIES} />
        </>
      )}
      <View className='section-title'>双报到</View>
      <Cell.Group className={elder ? 'me-entries me-entries--elder me-dual' : 'me-entries me-dual'}>
        <Cell
          className='tap-target me-entry me-party'
          title='在职党员报到'
          description={elder ? undefined : '在职党员向居住地社区报到'}
          extra={me.roles.includes('party_member') ? '已报到 ›' : '去报到 ›'}
          clickable
          onClick={() => goTo(ROUTES.partyReport)}
        />
        <Cell
          className='tap-target me-entry me-unit'
          title='驻区单位'
          description={elder ? undefined : '单位向结对社区报到，邀请同事加入'}
          extra={me.unit ? `${me.unit.name} ›` : '单位报到 ›'}
          clickable
          onClick={() => goTo(ROUTES.unit)}
        />
      </Cell.Group>
      {me.staffCommunityIds.length > 0 ? (
        <>
          <View className='section-title'>社区工作</View>
          <Cell.Group className={elder ? 'me-entries me-entries--elder' : 'me-entries'}>
            <Cell
              className='tap-target me-entry me-workbench'
              title='社区工作台'
              description={elder ? undefined : isAdmin ? '待办、数据看板、导出台账、社区和全区管理' : '待办、数据看板、导出台账和社区管理'}
              extra={pendingLabel(overview.data ? waitingCount(overview.data) : undefined, '进入')}
              clickable
              onClick={() => goTo(ROUTES.workbench)}
            />
          </Cell.Group>
        </>
      ) : null}
      <Cell.Group className='me-privacy'>
        <Cell className='tap-target' title='个人信息与隐私' description='查看和导出我的信息，位置授权，注销账号' extra='查看 ›' clickable onClick={() => goTo(ROUTES.personalInfo)} />
      </Cell.Group>
      <View className='me-actions'>
        {process.env.TARO_ENV === 'h5' ? (
          // The demo's personas are shared by every visitor: ending all their sessions would sign others out.
          <Button block className='tap-target' onClick={() => void signOut(false)}>
            切换演示身份
          </Button>
        ) : (
          <>
            <Button block className='tap-target me-sign-out' onClick={() => void signOut(true)}>
              退出登录
            </Button>
            <Button block className='tap-target me-sign-out-everywhere' disabled={signOutEverywhere.isPending} onClick={() => void askSignOutEverywhere()}>
              {signOutEverywhere.isPending ? '正在退出…' : '退出所有设备'}
            </Button>
          </>
        )}
      </View>
    </View>
  )
}

/** What waits for a decision or a hand-over (today's activities are on the 工作台, not to do). */
function waitingCount(o: StaffOverview): number {
  return o.residencyApplications + o.partyReports + o.unitRegistrations + o.wishesToReview + o.bookingsToApprove + o.redemptionsToHandOut
}

/** 3件待办 ›, or the plain action when nothing waits (or the count is not known). */
function pendingLabel(count: number | undefined, action: string): string {
  return count ? `${count}件待办 ›` : `${action} ›`
}

function ElderModeSwitch() {
  const preference = elderMode.use()
  const elder = useElderMode()
  const largeWechatFont = (wechatFont.px() ?? 0) >= LARGE_WECHAT_FONT_PX
  // The whole row is the switch (a finger-sized target); the Switch inside only shows the state.
  const toggle = () => {
    elderMode.set(elder ? 'off' : 'on')
    void Taro.showToast({ title: elder ? '已关闭长辈模式' : '已开启长辈模式', icon: 'none' })
  }
  const followWechat = () => {
    elderMode.set('auto')
    void Taro.showToast({ title: '已改为跟随微信字体', icon: 'none' })
  }
  return (
    <Cell.Group className='elder-switch'>
      <Cell
        className='tap-target elder-switch__row'
        title='长辈模式'
        description={preference === 'auto' ? `跟随微信字体：${largeWechatFont ? '微信字体较大，已开启' : '微信字体标准，未开启'}` : '字体更大，按钮更好点'}
        extra={<Switch checked={elder} aria-label='长辈模式' />}
        clickable
        onClick={toggle}
      />
      {preference === 'auto' ? null : (
        <Cell className='tap-target elder-switch__auto' title='跟随微信字体' description='按微信「设置 › 通用 › 字体大小」自动开关' extra='恢复 ›' clickable onClick={followWechat} />
      )}
    </Cell.Group>
  )
}
