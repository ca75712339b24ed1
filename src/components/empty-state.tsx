import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { Button, Empty } from '@nutui/nutui-react-taro'
import emptyImage from '../assets/empty.png'
import errorImage from '../assets/error.png'
import loginImage from '../assets/login.png'
import { Picture } from './picture'

type StateProps = { title: string; description?: ReactNode; action?: { text: string; onClick: () => void } }
type State = 'empty' | 'error' | 'logged-out'

const PICTURES: Record<State, string> = { empty: emptyImage, error: errorImage, 'logged-out': loginImage }

/**
 * The three states a page shows instead of its content, each with a picture of its own so that a failure never
 * looks like an empty list: nothing here (an open box), could not load (a cloud, with 重试), not logged in (a
 * person at a door, with 去登录). NutUI's Empty with our local pictures (its defaults are remote URLs, which fail
 * offline and in WeChat); the picture is decoration beside its title.
 */
function StateView({ state, title, description, action }: StateProps & { state: State }) {
  return (
    <View className={`empty-state empty-state--${state}`} data-state={state} role={state === 'error' ? 'alert' : undefined}>
      <Empty
        image={<Picture src={PICTURES[state]} style={{ width: '100%', height: '100%' }} mode='aspectFit' label={null} />}
        title={title}
        description={description}
      />
      {action ? (
        <View className='empty-state__action'>
          <Button type={state === 'empty' ? 'primary' : 'default'} className='tap-target' onClick={action.onClick}>
            {action.text}
          </Button>
        </View>
      ) : null}
    </View>
  )
}

/** Nothing to show yet, with what to do about it. */
export const EmptyState = (props: StateProps) => <StateView state='empty' {...props} />

/** A load failed: the server's message (or the network's) and 重试. */
export const ErrorState = ({ message, onRetry }: { message: string; onRetry: () => void }) => (
  <StateView state='error' title='加载失败' description={message} action={{ text: '重试', onClick: onRetry }} />
)

/** What a visitor sees where a page needs an account. */
export const LoginState = ({ description, onLogin }: { description: string; onLogin: () => void }) => (
  <StateView state='logged-out' title='请先登录' description={description} action={{ text: '去登录', onClick: onLogin }} />
)
