import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { Team } from '../../../../types/api/volunteer'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { useMe } from '../../../hooks/use-me'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { ApiError } from '../../../services/http'
import { joinTeam, leaveTeam, listTeams, volunteerKeys } from '../../../services/volunteer'
import { chosenCommunity } from '../../../stores/preferences'
import { goTo, goToLogin, ROUTES } from '../../../utils/navigation'
import '../volunteer.scss'
import './index.scss'

/** 志愿服务队: the community's teams with their members, to join or leave. */
export default function VolunteerTeamsPage() {
  const me = useMe()
  const chosen = chosenCommunity.use()
  // My own community (the server knows it), or the one a visitor chose to browse.
  const communityId = me.data && !me.data.community ? chosen : null
  const teams = useQuery({ queryKey: volunteerKeys.teams(communityId), queryFn: () => listTeams(communityId), enabled: me.isSuccess })
  usePullRefresh(() => Promise.all([me.refetch(), teams.refetch()]))
  return (
    <PageShell>
      <QueryView query={me} onLogin={goToLogin}>
        {() => (
          <QueryView
            query={teams}
            skeletonRows={6}
            isEmpty={(d) => d.items.length === 0}
            empty={<EmptyState title='本社区还没有志愿服务队' description='社区成立服务队后会显示在这里' />}
          >
            {(d) => (
              <View>
                <View className='muted teams-intro'>加入服务队，和队友一起参加服务队组织的活动；在活动页可以按服务队筛选活动。</View>
                {d.items.map((t) => (
                  <TeamCard key={t.id} team={t} communityId={communityId} />
                ))}
              </View>
            )}
          </QueryView>
        )}
      </QueryView>
    </PageShell>
  )
}

function TeamCard({ team, communityId }: { team: Team; communityId: number | null }) {
  const queryClient = useQueryClient()
  const done = (result: { items: Team[] }, message: string) => {
    queryClient.setQueryData(volunteerKeys.teams(communityId), result)
    // My registration lists my teams; the 活动 tab filters by them.
    void queryClient.invalidateQueries({ queryKey: volunteerKeys.all, predicate: (q) => q.queryKey[1] !== 'teams' })
    void Taro.showToast({ title: message, icon: 'none', duration: 2500 })
  }
  const join = useIdempotentMutation({
    mutationFn: (_vars, key) => joinTeam(team.id, key),
    action: () => `join:${team.id}`,
    onSuccess: (r) => done(r, `已加入${team.name}`),
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'VOLUNTEER_NOT_REGISTERED') void askRegister()
    },
  })
  const leave = useIdempotentMutation({
    mutationFn: (_vars, key) => leaveTeam(team.id, key),
    action: () => `leave:${team.id}`,
    onSuccess: (r) => done(r, `已退出${team.name}`),
  })
  const askLeave = async () => {
    const answer = await Taro.showModal({ title: '退出服务队', content: `确定退出「${team.name}」吗？已有的服务记录不受影响。`, confirmText: '退出', cancelText: '再想想' })
    if (answer.confirm) leave.mutate()
  }
  return (
    <View className='card team-card'>
      <View className='team-card__head'>
        <View className='team-card__name'>{team.name}</View>
        {team.joined ? <View className='team-card__joined'>已加入</View> : null}
      </View>
      {team.description ? <View className='team-card__description'>{team.description}</View> : null}
      <View className='muted team-card__members'>{team.memberCount}名队员</View>
      {team.joined ? (
        <Button block className='tap-target team-card__leave' disabled={leave.isPending} onClick={() => void askLeave()}>
          {leave.isPending ? '正在退出…' : '退出服务队'}
        </Button>
      ) : (
        <Button type='primary' block className='tap-target team-card__join' disabled={join.isPending} onClick={() => join.mutate()}>
          {join.isPending ? '正在加入…' : '加入服务队'}
        </Button>
      )}
    </View>
  )
}

async function askRegister() {
  const answer = await Taro.showModal({ title: '请先注册志愿者', content: '加入志愿服务队需要先注册成为志愿者，现在去注册吗？', confirmText: '去注册', cancelText: '以后再说' })
  if (answer.confirm) goTo(ROUTES.volunteerRegister)
}
