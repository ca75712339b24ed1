import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Skeleton } from '@nutui/nutui-react-taro'
import { useQuery } from '@tanstack/react-query'
import type { CertificateVerification } from '../../../../types/api/volunteer'
import { chinaTime } from '../../../../types/time'
import { formatHours } from '../../../components/activity-card'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { TextField } from '../../../components/text-field'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { ApiError } from '../../../services/http'
import { verifyCertificate, volunteerKeys } from '../../../services/volunteer'
import { errorMessage, scanQr, verifyCodeOf } from '../parts'
import '../../../components/form.scss'
import '../volunteer.scss'
import './index.scss'

/** The contract's bounds of a code (ZCertificateCodeParam). */
const CODE_MIN = 4
const CODE_MAX = 40

/**
 * 证明核验: anyone — an employer, a school, without an account — checks a 志愿服务证明 by its verification code,
 * typed from the paper or read from its QR code. The call carries no session.
 */
export default function CertificateVerifyPage() {
  const { params } = useRouter()
  const initial = params.code ? verifyCodeOf(`?code=${params.code}`) : ''
  const [input, setInput] = useState(initial)
  const [asked, setAsked] = useState<string | null>(initial.length >= CODE_MIN ? initial : null)
  const [inputError, setInputError] = useState<string | null>(null)
  const result = useQuery({
    queryKey: volunteerKeys.verification(asked ?? ''),
    queryFn: () => verifyCertificate(asked!),
    enabled: asked !== null,
    // "Not found" is an answer, not a failure to retry.
    retry: false,
  })
  usePullRefresh(() => (asked !== null ? result.refetch() : Promise.resolve()))

  const check = (value: string) => {
    const code = value.trim()
    if (code.length < CODE_MIN || code.length > CODE_MAX) {
      setInputError('请输入证明上的验证码，如 ABCD-EFGH-JKMN')
      return
    }
    setInputError(null)
    setInput(code)
    if (code === asked) void result.refetch()
    else setAsked(code)
  }
  const scan = async () => {
    const scanned = await scanQr('无法打开扫码，请手动输入验证码')
    if (scanned !== null) check(verifyCodeOf(scanned))
  }

  return (
    <PageShell>
      <View className='card verify-form'>
        <View className='volunteer-card-title'>核验志愿服务证明</View>
        <View className='muted'>输入证明上的验证码，查询证明是否真实有效。</View>
        <View className='field__label'>验证码</View>
        <TextField
          value={input}
          placeholder='例如：ABCD-EFGH-JKMN'
          label='验证码'
          maxLength={CODE_MAX}
          onChange={(v) => {
            setInput(v)
            setInputError(null)
          }}
        />
        {inputError ? <View className='form-error'>{inputError}</View> : null}
        <Button type='primary' block className='tap-target verify-form__submit' disabled={result.isFetching} onClick={() => check(input)}>
          {result.isFetching ? '正在核验…' : '核验'}
        </Button>
        {process.env.TARO_ENV === 'weapp' ? (
          <Button block className='tap-target' onClick={() => void scan()}>
            扫描证明上的二维码
          </Button>
        ) : null}
      </View>
      {asked === null ? null : result.isPending ? (
        <View className='query-view__loading' aria-busy='true'>
          <Skeleton rows={4} animated />
        </View>
      ) : result.isError ? (
        result.error instanceof ApiError && result.error.code === 'CERTIFICATE_NOT_FOUND' ? (
          <View className='card verify-result verify-result--invalid'>
            <View className='verify-result__verdict'>✗ 查无此证明</View>
            <View>{result.error.message}</View>
            <View className='muted'>验证码：{asked}</View>
          </View>
        ) : (
          <EmptyState title='核验失败' description={errorMessage(result.error)} action={{ text: '重试', onClick: () => void result.refetch() }} />
        )
      ) : (
        <Verified verification={result.data} />
      )}
    </PageShell>
  )
}

function Verified({ verification: v }: { verification: CertificateVerification }) {
  const rows = [
    ['证明编号', v.number],
    ['持证人', v.holderName],
    ['累计服务时长', `${formatHours(v.totalHours)}小时`],
    ['服务记录', `${v.recordCount}条`],
    ['出具单位', v.issuer],
    ['出具日期', chinaTime(v.issuedAt).format('YYYY年M月D日')],
  ]
  return (
    <View className='card verify-result verify-result--valid'>
      <View className='verify-result__verdict'>✓ 证明真实有效</View>
      <View className='volunteer-facts'>
        {rows.map(([label, value]) => (
          <View key={label} className='volunteer-facts__row'>
            <View className='volunteer-facts__label'>{label}</View>
            <View className='volunteer-facts__value'>{value}</View>
          </View>
        ))}
      </View>
      <View className='muted'>请核对纸质证明上的编号、姓名和时长与以上信息一致。</View>
    </View>
  )
}
