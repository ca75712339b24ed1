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
import { goToLogin } from '../../utils/navigation'
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
