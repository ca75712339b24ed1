import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Cell, Switch } from '@nutui/nutui-react-taro'
import { useQueryClient } from '@tanstack/react-query'
import { ROLE_LABELS } from '../../../types/api/labels'
import type { Me } from '../../../types/api/me'
import { PageShell } from '../../components/page-shell'
import { QueryView } from '../../components/query-view'
import { useMe } from '../../hooks/use-me'
import { usePullRefresh } from '../../hooks/use-pull-refresh'
import { logout } from '../../services/auth'
import { elderMode } from '../../stores/preferences'
import { goTo, goToLogin, ROUTES } from '../../utils/navigation'
import './index.scss'

export default function MePage() {
  const me = useMe()
  usePullRefresh(() => me.refetch())
  return (
    <PageShell>
      <QueryView query={me} onLogin={goToLogin}>
        {(profile) => <Profile me={profile} />}
      </QueryView>
      <ElderModeSwitch />
    </PageShell>
  )
}

function Profile({ me }: { me: Me }) {
  const queryClient = useQueryClient()
  const signOut = () => {
    logout()
    // Keep the queries in the cache: the tab pages stay mounted, and the login page resets (and so refetches)
    // them for the next identity. Removed queries would leave those pages showing this user.
    void queryClient.cancelQueries()
    goToLogin()
  }
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
      <Cell.Group>
        {me.unitName ? <Cell title='单位' extra={me.unitName} /> : null}
        <Cell title='所在社区' extra={me.community ? `${me.community.subdistrictName} ${me.community.name}` : '未加入社区'} />
        {me.household ? (
          <>
            <Cell title='家庭住址' description={me.household.address} />
            <Cell title='家庭成员' extra={`${me.household.memberCount}人`} />
          </>
        ) : null}
        <Cell title='手机号' extra={me.phoneMasked ?? '未绑定'} />
      </Cell.Group>
      <View className='section-title'>微心愿</View>
      <Cell.Group>
        <Cell className='tap-target' title='我的心愿' description='我发布的心愿和进展' extra='查看 ›' clickable onClick={() => goTo(ROUTES.wishMine)} />
        <Cell className='tap-target' title='我的认领' description='我认领的心愿和完成期限' extra='查看 ›' clickable onClick={() => goTo(ROUTES.wishClaims)} />
        <Cell className='tap-target' title='我的志愿' description='服务时长、星级、服务记录和证明' extra='查看 ›' clickable onClick={() => goTo(ROUTES.volunteerMine)} />
        <Cell className='tap-target' title='我的预约' description='预约的场地、共享工具和签到' extra='查看 ›' clickable onClick={() => goTo(ROUTES.bookingMine)} />
      </Cell.Group>
      <View className='section-title'>积分</View>
      <Cell.Group>
        <Cell className='tap-target' title='我的积分' description='家庭积分、明细和排行' extra='查看 ›' clickable onClick={() => goTo(ROUTES.points)} />
        <Cell className='tap-target' title='积分超市' description='用积分兑换物品和服务' extra='去兑换 ›' clickable onClick={() => goTo(ROUTES.shop)} />
        <Cell className='tap-target' title='我的兑换' description='取货码和兑换记录' extra='查看 ›' clickable onClick={() => goTo(ROUTES.redemptions)} />
      </Cell.Group>
      {me.staffCommunityIds.length > 0 ? (
        <>
          <View className='section-title'>社区工作台</View>
          <Cell.Group>
            <Cell className='tap-target' title='心愿审核' description='审核居民发布的心愿，代居民确认完成' extra='去审核 ›' clickable onClick={() => goTo(ROUTES.staffWishReview)} />
            <Cell className='tap-target' title='代居民发布心愿' description='为没有智能手机的居民发布心愿' extra='去发布 ›' clickable onClick={() => goTo(ROUTES.staffWishPost)} />
            <Cell className='tap-target' title='志愿活动管理' description='发布活动，报名名单，签到码，确认时长' extra='进入 ›' clickable onClick={() => goTo(ROUTES.staffActivities)} />
            <Cell className='tap-target' title='预约管理' description='审核预约，今日到场签到' extra='去处理 ›' clickable onClick={() => goTo(ROUTES.staffBookings)} />
            <Cell className='tap-target' title='阵地管理' description='场地、共享工具、开放时间、预约规则和临时关闭' extra='进入 ›' clickable onClick={() => goTo(ROUTES.staffStations)} />
            <Cell className='tap-target' title='核销取货' description='扫居民的取货码，交付兑换的物品' extra='去核销 ›' clickable onClick={() => goTo(ROUTES.staffVerify)} />
            <Cell className='tap-target' title='积分管理' description='查找住户，查看明细，奖励或扣减积分' extra='进入 ›' clickable onClick={() => goTo(ROUTES.staffPoints)} />
            <Cell className='tap-target' title='积分超市管理' description='上架商品，调整库存' extra='进入 ›' clickable onClick={() => goTo(ROUTES.staffShop)} />
          </Cell.Group>
        </>
      ) : null}
      {me.roles.includes('admin') ? (
        <>
          <View className='section-title'>全区管理</View>
          <Cell.Group>
            <Cell className='tap-target' title='节假日与调休' description='法定节假日全天开放，调休上班日按工作日开放' extra='设置 ›' clickable onClick={() => goTo(ROUTES.adminCalendar)} />
          </Cell.Group>
        </>
      ) : null}
      <View className='me-actions'>
        {process.env.TARO_ENV === 'h5' ? (
          <Button block className='tap-target' onClick={signOut}>
            切换演示身份
          </Button>
        ) : (
          <Button block className='tap-target' onClick={signOut}>
            退出登录
          </Button>
        )}
      </View>
    </View>
  )
}

function ElderModeSwitch() {
  const elder = elderMode.use()
  const toggle = (on: boolean) => {
    elderMode.set(on)
    void Taro.showToast({ title: on ? '已开启长辈模式' : '已关闭长辈模式', icon: 'none' })
  }
  return (
    <Cell.Group className='elder-switch'>
      <Cell
        className='tap-target'
        title='长辈模式'
        description='字体更大，按钮更好点'
        extra={<Switch checked={elder} onChange={(value: boolean) => toggle(value)} aria-label='长辈模式' />}
      />
    </Cell.Group>
  )
}
