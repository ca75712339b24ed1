import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useMutation } from '@tanstack/react-query'
import { EXPORT_KIND_LABELS, EXPORT_KINDS, type ExportKind } from '../../../../types/api/labels'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { PageShell } from '../../../components/page-shell'
import { TextField } from '../../../components/text-field'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../services/http'
import { downloadExport, type ExportRequest } from '../../../services/staff/workbench'
import { formatDate } from '../../../utils/format'
import { DateField } from '../index/date-field'
import { DAY_RANGE_LABELS, dayRangeOf } from '../index/day-ranges'
import { WorkbenchGate } from '../index/workbench-gate'
import './index.scss'

export default function ExportsPage() {
  return (
    <PageShell>
      <WorkbenchGate>{(communityId) => <ExportForm communityId={communityId} />}</WorkbenchGate>
    </PageShell>
  )
}

type RangeChoice = 'month' | 'last-month' | 'year' | 'custom'
const RANGES: { value: RangeChoice; label: string }[] = [
  ...(['month', 'last-month', 'year'] as const).map((value) => ({ value, label: DAY_RANGE_LABELS[value] })),
  { value: 'custom', label: '自定义' },
]

const KIND_OPTIONS = EXPORT_KINDS.map((k) => ({ value: k, label: EXPORT_KIND_LABELS[k] }))
/** The contract's least reason for a full export. */
const REASON_MIN = 4
const REASON_MAX = 200

function ExportForm({ communityId }: { communityId: number }) {
  const [kind, setKind] = useState<ExportKind>('wishes')
  const [rangeChoice, setRangeChoice] = useState<RangeChoice>('month')
  const [custom, setCustom] = useState(() => dayRangeOf('month'))
  const [full, setFull] = useState(false)
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const range = rangeChoice === 'custom' ? custom : dayRangeOf(rangeChoice)

  const download = useMutation({
    mutationFn: (e: ExportRequest) => downloadExport(e),
    onSuccess: () => {
      void Taro.showToast({ title: process.env.TARO_ENV === 'h5' ? '已开始下载' : '已导出', icon: 'none', duration: 2500 })
    },
  })

  const submit = () => {
    download.reset()
    if (range.from > range.to) return setProblem('开始日期不能晚于结束日期')
    if (full && reason.trim().length < REASON_MIN) return setProblem(`完整导出请填写原因（至少${REASON_MIN}个字）`)
    setProblem(null)
    download.mutate({ kind, communityId, from: range.from, to: range.to, full, reason: full ? reason.trim() : undefined })
  }

  const failure = download.error
  const networkFailed = failure instanceof ApiError ? failure.code === 'NETWORK_ERROR' : Boolean(failure)
  const failureMessage = failure ? (failure instanceof ApiError ? (failure.details?.[0]?.message ?? failure.message) : NETWORK_ERROR_MESSAGE) : null

  return (
    <View className='exports'>
      <View className='card exports-step'>
        <View className='exports-step__title'>导出什么</View>
        <ChoiceButtons className='exports-kinds' options={KIND_OPTIONS} value={kind} onChange={setKind} />
      </View>

      <View className='card exports-step'>
        <View className='exports-step__title'>日期范围</View>
        <ChoiceButtons className='exports-ranges' options={RANGES} value={rangeChoice} onChange={setRangeChoice} />
        {rangeChoice === 'custom' ? (
          <View className='exports-dates'>
            <DateField label='开始日期' value={custom.from} onChange={(from) => setCustom((c) => ({ ...c, from }))} />
            <DateField label='结束日期' value={custom.to} onChange={(to) => setCustom((c) => ({ ...c, to }))} />
          </View>
        ) : null}
        <View className='exports-range'>
          {formatDate(range.from)} 至 {formatDate(range.to)}
        </View>
      </View>

      <View className='card exports-step'>
        <View className='exports-step__title'>个人信息</View>
        <ChoiceButtons
          className='exports-privacy'
          options={[
            { value: 'masked', label: '隐藏个人信息' },
            { value: 'full', label: '完整导出' },
          ]}
          value={full ? 'full' : 'masked'}
          onChange={(v) => setFull(v === 'full')}
        />
        {full ? (
          <View className='exports-reason'>
            <View className='exports-note exports-note--warning'>
              完整导出的表格含居民的姓名、手机号和住址。导出人、时间和原因会记入操作记录，管理员可以查看。表格请妥善保管，用完及时删除。
            </View>
            <View className='field__label'>导出原因</View>
            <TextField value={reason} label='导出原因' placeholder='例如：街道年度考核需报送服务对象名单' maxLength={REASON_MAX} onChange={setReason} />
            <View className='field__hint'>至少{REASON_MIN}个字</View>
          </View>
        ) : (
          <View className='muted exports-privacy__hint'>姓名只留姓，手机号只留后四位，住址只到楼栋，适合日常留档。</View>
        )}
      </View>

      {problem ? <View className='form-error exports-problem'>{problem}</View> : null}
      {download.isPending ? (
        <View className='exports-note exports-note--progress' role='status'>
          正在生成{EXPORT_KIND_LABELS[kind]}，数据多时需要几十秒，请不要离开这个页面…
        </View>
      ) : null}
      {failureMessage ? (
        <View className='exports-note exports-note--error' role='alert'>
          <View className='exports-failure__message'>{failureMessage}</View>
          {networkFailed ? (
            <Button className='tap-target exports-failure__retry' onClick={submit}>
              重试
            </Button>
          ) : null}
        </View>
      ) : null}
      <Button type='primary' block className='tap-target exports-submit' disabled={download.isPending} onClick={submit}>
        {download.isPending ? '正在导出…' : full ? '完整导出' : '导出'}
      </Button>
      <View className='muted exports-foot'>导出的是 Excel 表格（.xlsx）。{process.env.TARO_ENV === 'h5' ? '文件会下载到这台电脑。' : '在微信里打开后，可以转发给自己或用其他应用打开。'}</View>
    </View>
  )
}
