import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Cell } from '@nutui/nutui-react-taro'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { DemoPersona } from '../../../../types/api/auth'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { authKeys, listDemoPersonas, loginAsDemoPersona } from '../../../services/auth'
import { ApiError, silentLogin } from '../../../services/http'
import './index.scss'

const AFTER_LOGIN = '/pages/me/index'

export default function LoginPage() {
  return <PageShell>{process.env.TARO_ENV === 'weapp' ? <WechatLogin /> : <DemoPersonaPicker />}</PageShell>
}

function useEnterApp() {
  const queryClient = useQueryClient()
  return async () => {
    // A new identity: drop everything cached for the previous one; the tab pages, which stay mounted, refetch.
    await queryClient.resetQueries()
    await Taro.switchTab({ url: AFTER_LOGIN })
  }
}

function WechatLogin() {
  const enter = useEnterApp()
  const login = useMutation({ mutationFn: silentLogin, onSuccess: enter })
  return (
    <View className='login'>
      <View className='login__intro'>
        <View className='login__title'>欢迎使用家门口</View>
        <View className='muted'>微心愿、阵地预约、志愿服务、积分兑换，社区服务就在家门口</View>
      </View>
      <Button type='primary' block className='tap-target' loading={login.isPending} onClick={() => login.mutate()}>
        微信一键登录
      </Button>
    </View>
  )
}

function DemoPersonaPicker() {
  const enter = useEnterApp()
  const personas = useQuery({ queryKey: authKeys.personas, queryFn: listDemoPersonas })
  const login = useMutation({ mutationFn: (persona: DemoPersona) => loginAsDemoPersona(persona), onSuccess: enter })
  const demoOff = personas.error instanceof ApiError && personas.error.status === 404
  return (
    <View className='login'>
      <View className='login__intro'>
        <View className='login__title'>选择演示身份</View>
        <View className='muted'>演示环境：选择一个身份体验家门口的各项服务</View>
      </View>
      {demoOff ? (
        <EmptyState title='演示登录未开启' description='请在微信中打开家门口小程序' />
      ) : (
        <QueryView query={personas} isEmpty={(items) => items.length === 0} empty={<EmptyState title='暂无演示身份' description='请先导入演示数据' />}>
          {(items) => (
            <Cell.Group>
              {items.map((p) => (
                <Cell
                  key={p.persona}
                  className='tap-target persona'
                  title={p.name}
                  description={p.description}
                  clickable
                  onClick={() => !login.isPending && login.mutate(p.persona)}
                />
              ))}
            </Cell.Group>
          )}
        </QueryView>
      )}
    </View>
  )
}
