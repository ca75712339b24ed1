import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { LedgerImportReport } from '../../../../types/api/people'
import { PageShell } from '../../../components/page-shell'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../services/http'
import { chooseLedgerFile, importLedger, openLedgerTemplate } from '../../../services/staff/people'
import { StaffGate } from '../staff-gate'
import './index.scss'

/**
 * 台账导入: the community's buildings, flats and residents from an .xlsx filled in on the template. The file is
 * checked first and every problem shown by row; only a file without problems is imported, all at once.
 */
export default function LedgerPage() {
  return (
    <PageShell>
      <StaffGate>{(communityId) => <Ledger communityId={communityId} />}</StaffGate>
    </PageShell>
  )
}

type Picked = { path: string; name: string }

function Ledger({ communityId }: { communityId: number }) {
  const queryClient = useQueryClient()
  const [file, setFile] = useState<Picked | null>(null)
  const [report, setReport] = useState<LedgerImportReport | null>(null)
  const check = useMutation({
    mutationFn: (f: Picked) => importLedger(communityId, f.path, true),
    onSuccess: setReport,
  })
  const write = useMutation({
    mutationFn: (f: Picked) => importLedger(communityId, f.path, false),
    onSuccess: (done) => {
      setReport(done)
      // New buildings and flats: 住户认证's address book and everything staff see of the community.
      void queryClient.invalidateQueries({ queryKey: ['people'] })
      void Taro.showToast({ title: done.imported ? '台账已导入' : '文件有问题，未导入', icon: 'none', duration: 2500 })
    },
  })
  const template = useMutation({ mutationFn: openLedgerTemplate })
  const choose = async () => {
    const picked = await chooseLedgerFile()
    if (!picked) return
    setFile(picked)
    setReport(null)
    write.reset()
    check.mutate(picked)
  }
  const failure = [check.error, write.error, template.error].find(Boolean)
  const pending = check.isPending || write.isPending

  return (
    <View className='ledger'>
      <View className='card ledger-step'>
        <View className='ledger-step__title'>1. 下载模板，按台账填写</View>
        <View className='muted'>每行一户一人：网格、小区、楼栋、单元、门牌必填；姓名、手机号、与户主关系、出生年份可不填。同一份表格可以反复导入，已有的不会重复。</View>
        <Button block className='tap-target ledger-template' disabled={template.isPending} onClick={() => template.mutate()}>
          {template.isPending ? '正在打开模板…' : '下载模板'}
        </Button>
      </View>

      <View className='card ledger-step'>
        <View className='ledger-step__title'>2. 选择填好的表格</View>
        <View className='muted'>{process.env.TARO_ENV === 'weapp' ? '先把表格发到微信聊天（如文件传输助手），再从聊天中选择。' : '选择电脑上的 .xlsx 文件。'}</View>
        {file ? <View className='ledger-file'>{file.name}</View> : null}
        <Button type={report ? 'default' : 'primary'} block className='tap-target ledger-choose' disabled={pending} onClick={() => void choose()}>
          {check.isPending ? '正在检查…' : file ? '重新选择表格' : '选择表格'}
        </Button>
      </View>

      {failure ? <View className='form-error'>{failure instanceof ApiError ? failure.message : NETWORK_ERROR_MESSAGE}</View> : null}
      {report ? <Report report={report} /> : null}
      {report && !report.imported && report.problemCount === 0 && file ? (
        <Button type='primary' block className='tap-target ledger-import' disabled={pending} onClick={() => write.mutate(file)}>
          {write.isPending ? '正在导入…' : `确认导入${report.rows}行`}
        </Button>
      ) : null}
    </View>
  )
}

function Report({ report: r }: { report: LedgerImportReport }) {
  const line = (label: string, created: number, existing: number, extra = '') => (
    <View className='ledger-count'>
      <View className='ledger-count__label'>{label}</View>
      <View>
        新增 {created}，已有 {existing}
        {extra}
      </View>
    </View>
  )
  return (
    <View className='card ledger-report'>
      <View className='ledger-step__title'>{r.imported ? '已导入' : r.problemCount ? `发现${r.problemCount}处问题，未导入` : '检查通过，可以导入'}</View>
      <View className='muted'>共 {r.rows} 行</View>
      {line('网格', r.grids.created, r.grids.existing)}
      {line('楼栋', r.buildings.created, r.buildings.existing)}
      {line('户', r.households.created, r.households.existing)}
      {line('居民', r.persons.created, r.persons.unchanged, r.persons.updated ? `，更新 ${r.persons.updated}` : '')}
      {r.problems.length ? (
        <View className='ledger-problems'>
          {r.problems.map((p, i) => (
            <View key={`${p.row}-${i}`} className='ledger-problem'>
              第{p.row}行{p.column ? `「${p.column}」` : ''}：{p.message}
            </View>
          ))}
          {r.problemCount > r.problems.length ? <View className='muted'>还有 {r.problemCount - r.problems.length} 处问题未列出，请先改正以上问题。</View> : null}
        </View>
      ) : null}
    </View>
  )
}
