import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { ServiceRecord } from '../../../../types/api/volunteer'
import { chinaTime } from '../../../../types/time'
import { formatHours } from '../../../components/activity-card'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { issueCertificate, listCertificates, listServiceRecords, volunteerKeys } from '../../../services/volunteer'
import { formatDate } from '../../../utils/format'
import { goTo, goToLogin } from '../../../utils/navigation'
import { activityUrl, certificateUrl, errorMessage } from '../parts'
import '../volunteer.scss'
import './index.scss'

/** 志愿服务记录: every confirmed record with the total, 开具志愿服务证明, and the certificates issued. */
export default function VolunteerRecordsPage() {
  const records = useQuery({ queryKey: volunteerKeys.records, queryFn: listServiceRecords })
  const certificates = useQuery({ queryKey: volunteerKeys.certificates, queryFn: listCertificates })
  usePullRefresh(() => Promise.all([records.refetch(), certificates.refetch()]))
  return (
    <PageShell>
      <QueryView
        query={records}
        onLogin={goToLogin}
        skeletonRows={8}
        isEmpty={(d) => d.items.length === 0}
        empty={<EmptyState title='还没有经确认的服务记录' description='参加志愿活动并扫码签到、签退，组织者确认时长后会记录在这里' />}
      >
        {(d) => (
          <View>
            <View className='card records-total'>
              <View className='records-total__value'>{formatHours(d.totalHours)}</View>
              <View className='muted'>累计经确认的服务时长（小时），共{d.items.length}条记录</View>
              <IssueButton count={d.items.length} totalHours={d.totalHours} />
            </View>
            <View className='section-title'>服务记录</View>
            {d.items.map((r) => (
              <RecordCard key={r.signupId} record={r} />
            ))}
          </View>
        )}
      </QueryView>
      <QueryView query={certificates} skeletonRows={2}>
        {(d) =>
          d.items.length ? (
            <View>
              <View className='section-title'>已开具的证明</View>
              {d.items.map((c) => (
                <View key={c.id} className='card certificate-item tap-target' onClick={() => goTo(certificateUrl(c.id))}>
                  <View className='certificate-item__number'>{c.number}</View>
                  <View className='muted'>
                    {chinaTime(c.issuedAt).format('YYYY年M月D日')}开具 · 累计{formatHours(c.totalHours)}小时
                  </View>
                  <View className='certificate-item__open'>查看 / 下载 ›</View>
                </View>
              ))}
            </View>
          ) : null
        }
      </QueryView>
    </PageShell>
  )
}

function IssueButton({ count, totalHours }: { count: number; totalHours: number }) {
  const queryClient = useQueryClient()
  const issue = useIdempotentMutation({
    mutationFn: (_vars, key) => issueCertificate(key),
    onSuccess: (c) => {
      queryClient.setQueryData(volunteerKeys.certificate(c.id), c)
      void queryClient.invalidateQueries({ queryKey: volunteerKeys.certificates })
      void Taro.showToast({ title: '证明已开具', icon: 'none', duration: 2500 })
      goTo(certificateUrl(c.id))
    },
  })
  const ask = async () => {
    const answer = await Taro.showModal({
      title: '开具志愿服务证明',
      content: `将按目前全部经组织者确认的服务记录（${count}条，共${formatHours(totalHours)}小时）开具证明。开具后可下载PDF，他人可凭验证码核验。`,
      confirmText: '开具',
      cancelText: '再想想',
    })
    if (answer.confirm) issue.mutate()
  }
  return (
    <View className='records-total__issue'>
      {issue.isError ? <View className='volunteer-notice'>{errorMessage(issue.error)}</View> : null}
      <Button type='primary' block className='tap-target records-total__button' disabled={issue.isPending} onClick={() => void ask()}>
        {issue.isPending ? '正在开具…' : '开具志愿服务证明'}
      </Button>
    </View>
  )
}

function RecordCard({ record: r }: { record: ServiceRecord }) {
  return (
    <View className='card record-card tap-target' onClick={() => goTo(activityUrl(r.activityId))}>
      <View className='record-card__head'>
        <View className='record-card__title'>{r.activityTitle}</View>
        <View className='record-card__hours'>{formatHours(r.hours)}小时</View>
      </View>
      <View className='volunteer-facts'>
        <View className='volunteer-facts__row'>
          <View className='volunteer-facts__label'>服务日期</View>
          <View className='volunteer-facts__value'>{formatDate(r.date)}</View>
        </View>
        <View className='volunteer-facts__row'>
          <View className='volunteer-facts__label'>组织单位</View>
          <View className='volunteer-facts__value'>{r.organiser}</View>
        </View>
        <View className='volunteer-facts__row'>
          <View className='volunteer-facts__label'>确认人</View>
          <View className='volunteer-facts__value'>{r.confirmedBy}</View>
        </View>
        <View className='volunteer-facts__row'>
          <View className='volunteer-facts__label'>积分</View>
          <View className='volunteer-facts__value'>{r.points > 0 ? `+${r.points}` : r.points}</View>
        </View>
      </View>
    </View>
  )
}
