import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery } from '@tanstack/react-query'
import type { Certificate } from '../../../../types/api/volunteer'
import { chinaTime } from '../../../../types/time'
import { formatHours } from '../../../components/activity-card'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QrCode } from '../../../components/qr-code'
import { QueryView } from '../../../components/query-view'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { showError } from '../../../services/http'
import { getCertificate, openCertificatePdf, volunteerKeys } from '../../../services/volunteer'
import { formatDate } from '../../../utils/format'
import { goTo, goToLogin } from '../../../utils/navigation'
import { verifyLink, verifyUrl } from '../parts'
import '../volunteer.scss'
import './index.scss'

const longDate = (instant: string) => chinaTime(instant).format('YYYY年M月D日')

/** 志愿服务证明: the printable certificate, its PDF, and how anyone can check it. */
export default function CertificatePage() {
  const { params } = useRouter()
  const id = Number(params.id)
  const valid = Number.isInteger(id) && id > 0
  const certificate = useQuery({ queryKey: volunteerKeys.certificate(id), queryFn: () => getCertificate(id), enabled: valid })
  usePullRefresh(() => (valid ? certificate.refetch() : Promise.resolve()))
  return (
    <PageShell>
      {valid ? (
        <QueryView query={certificate} onLogin={goToLogin} skeletonRows={10}>
          {(c) => (
            <View>
              <Paper certificate={c} />
              <Download certificate={c} />
            </View>
          )}
        </QueryView>
      ) : (
        <EmptyState title='找不到这份证明' description='请从志愿服务记录页进入' />
      )}
    </PageShell>
  )
}

function Paper({ certificate: c }: { certificate: Certificate }) {
  const dates = c.records.map((r) => r.date).sort()
  const period = dates.length ? `于${formatDate(dates[0]!)}至${formatDate(dates.at(-1)!)}期间` : ''
  return (
    <View className='certificate-paper'>
      <View className='certificate-paper__title'>志愿服务证明</View>
      <View className='certificate-paper__number'>{c.number}</View>
      <View className='certificate-paper__body'>
        兹证明 <View className='certificate-paper__holder'>{c.holderName}</View> {period}参加志愿服务活动，经活动组织者确认，累计志愿服务时长
        <View className='certificate-paper__hours'>{formatHours(c.totalHours)}</View>小时。服务记录如下：
      </View>
      <View className='certificate-table'>
        <View className='certificate-table__row certificate-table__row--head'>
          <View className='certificate-table__date'>日期</View>
          <View className='certificate-table__activity'>活动 / 组织单位</View>
          <View className='certificate-table__hours'>时长</View>
          <View className='certificate-table__by'>确认人</View>
        </View>
        {c.records.map((r) => (
          <View key={r.signupId} className='certificate-table__row certificate-record'>
            <View className='certificate-table__date'>{r.date}</View>
            <View className='certificate-table__activity'>
              <View>{r.activityTitle}</View>
              <View className='muted'>{r.organiser}</View>
            </View>
            <View className='certificate-table__hours'>{formatHours(r.hours)}小时</View>
            <View className='certificate-table__by'>{r.confirmedBy}</View>
          </View>
        ))}
        <View className='certificate-table__row certificate-table__row--total'>
          <View className='certificate-table__date'>合计</View>
          <View className='certificate-table__activity'>{c.records.length}次活动</View>
          <View className='certificate-table__hours'>{formatHours(c.totalHours)}小时</View>
          <View className='certificate-table__by' />
        </View>
      </View>
      <View className='certificate-paper__note muted'>本证明依据《志愿服务记录与证明出具办法》，根据经活动组织者确认的志愿服务记录出具。</View>
      <View className='certificate-paper__issuer'>
        <View>出具单位：{c.issuer}</View>
        <View>出具日期：{longDate(c.issuedAt)}</View>
      </View>
      <View className='certificate-verify'>
        <QrCode value={verifyLink(c.verificationCode)} className='certificate-verify__qr' label={`证明核验二维码，验证码${c.verificationCode}`} />
        <View className='certificate-verify__text'>
          <View>
            验证码：<View className='certificate-verify__code'>{c.verificationCode}</View>
          </View>
          <View className='muted'>扫描二维码，或在「家门口」小程序的证明核验页输入验证码，即可核验本证明。</View>
        </View>
      </View>
    </View>
  )
}

function Download({ certificate: c }: { certificate: Certificate }) {
  const [busy, setBusy] = useState(false)
  const download = async () => {
    setBusy(true)
    try {
      await openCertificatePdf(c.pdfUrl, `志愿服务证明-${c.verificationCode}.pdf`)
    } catch (err) {
      showError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='certificate-actions'>
      <Button type='primary' block className='tap-target certificate-actions__pdf' disabled={busy} onClick={() => void download()}>
        {busy ? '正在下载…' : '下载PDF'}
      </Button>
      <Button block className='tap-target' onClick={() => goTo(verifyUrl(c.verificationCode))}>
        核验这份证明
      </Button>
      <View className='muted certificate-actions__hint'>
        {process.env.TARO_ENV === 'weapp' ? 'PDF在微信中打开后，可转发到电脑，或用其他应用打开打印' : '下载的PDF可直接打印，纸质证明上的验证码同样可以核验'}
      </View>
    </View>
  )
}
