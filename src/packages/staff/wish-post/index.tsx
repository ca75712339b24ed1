import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Cell } from '@nutui/nutui-react-taro'
import { Switch } from '../../../components/switch'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { Me } from '../../../../types/api/me'
import type { HouseholdSearchResult } from '../../../../types/api/points'
import type { CreateWishOnBehalfRequest } from '../../../../types/api/wishes'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { TextField } from '../../../components/text-field'
import { useWishForm, WISH_FIELD_OF, WishFormFields, type WishField } from '../../../components/wish-form'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { pointsKeys } from '../../../services/points'
import { searchHouseholds } from '../../../services/staff/points'
import { createWishOnBehalf, getWishSettings } from '../../../services/staff/wishes'
import { wishKeys } from '../../../services/wishes'
import { fieldErrorsOf } from '../../../utils/field-errors'
import { wishDetailUrl } from '../../../utils/navigation'
import { StaffGate } from '../staff-gate'
import '../../../components/form.scss'
import './index.scss'

/** A member found by the household search, with the household's address. */
type Person = HouseholdSearchResult['items'][number]['members'][number] & { address: string }
type OwnField = 'person' | 'consent'
const FIELD_OF: Record<string, WishField | OwnField> = { ...WISH_FIELD_OF, personId: 'person', consent: 'consent' }

export default function StaffWishPostPage() {
  return (
    <PageShell>
      <StaffGate>{(communityId, me) => <PostOnBehalf communityId={communityId} me={me} />}</StaffGate>
    </PageShell>
  )
}

/** 代居民发布: for a resident without a smartphone, with their consent. */
function PostOnBehalf({ communityId, me }: { communityId: number; me: Me }) {
  const queryClient = useQueryClient()
  // The community's cap on a wish's value, so the form can say it before sending.
  const settings = useQuery({ queryKey: wishKeys.settings(communityId), queryFn: () => getWishSettings(communityId) })
  const maxValueYuan = settings.data?.maxValueYuan
  const form = useWishForm(`doorstep.staff-wish-draft.${me.id}`, { maxValueYuan })
  const [person, setPerson] = useState<Person | null>(null)
  const [consent, setConsent] = useState(false)
  const [own, setOwn] = useState<Partial<Record<OwnField, string>>>({})
  const create = useIdempotentMutation({
    mutationFn: (body: CreateWishOnBehalfRequest, key) => createWishOnBehalf(body, key),
    onSuccess: (wish) => {
      form.clear()
      queryClient.setQueryData(wishKeys.detail(wish.id), wish)
      void queryClient.invalidateQueries({ queryKey: wishKeys.all })
      void queryClient.invalidateQueries({ queryKey: wishKeys.staff })
      void Taro.showToast({ title: `已为${person?.name ?? '居民'}发布心愿`, icon: 'none', duration: 2500 })
      void Taro.redirectTo({ url: wishDetailUrl(wish.id) })
    },
    onError: (err) => {
      const { fields } = fieldErrorsOf(err, FIELD_OF)
      const { person: p, consent: c, ...wishFields } = fields
      form.showErrors(wishFields)
      setOwn({ person: p, consent: c })
    },
  })
  const other = create.isError ? fieldErrorsOf(create.error, FIELD_OF).other : []

  const submit = () => {
    const body = form.validate()
    const found: typeof own = {}
    if (!person) found.person = '请先查找并选择居民'
    if (!consent) found.consent = '代居民发布心愿，须先取得居民本人同意'
    setOwn(found)
    if (body && person && consent) create.mutate({ ...body, personId: person.id, consent: true })
  }

  return (
    <View>
      <View className='card on-behalf'>
        <View className='on-behalf__title'>为哪位居民发布</View>
        {person ? (
          <View className='on-behalf__person'>
            <View className='on-behalf__name'>
              {person.name}
              {person.phoneMasked ? `（${person.phoneMasked}）` : ''}
            </View>
            <View className='muted'>{person.address}</View>
            <Button block className='tap-target' onClick={() => setPerson(null)}>
              重新选择居民
            </Button>
          </View>
        ) : (
          <PersonSearch
            communityId={communityId}
            onPick={(p) => {
              setPerson(p)
              setOwn((e) => ({ ...e, person: undefined }))
            }}
          />
        )}
        {own.person ? <View className='form-error'>{own.person}</View> : null}
        <Cell.Group className='on-behalf__consent'>
          <Cell
            className='tap-target'
            title='已征得居民本人同意'
            description='代为发布前，请当面或电话征得居民本人同意'
            extra={
              <Switch
                checked={consent}
                onChange={(value: boolean) => {
                  setConsent(value)
                  setOwn((e) => ({ ...e, consent: undefined }))
                }}
                aria-label='已征得居民本人同意'
              />
            }
          />
        </Cell.Group>
        {own.consent ? <View className='form-error'>{own.consent}</View> : null}
      </View>
      <View className='card'>
        <WishFormFields form={form} maxValueYuan={maxValueYuan} />
      </View>
      {other.map((message) => (
        <View key={message} className='form-error on-behalf__error'>
          {message}
        </View>
      ))}
      <Button type='primary' block className='tap-target on-behalf__submit' disabled={create.isPending} onClick={submit}>
        {create.isPending ? '正在提交…' : '代居民发布'}
      </Button>
    </View>
  )
}

function PersonSearch({ communityId, onPick }: { communityId: number; onPick: (person: Person) => void }) {
  const [draft, setDraft] = useState('')
  const [q, setQ] = useState('')
  const [error, setError] = useState<string | null>(null)
  const search = useQuery({ queryKey: pointsKeys.householdSearch(communityId, q), queryFn: () => searchHouseholds(communityId, q), enabled: q !== '' })
  const submit = () => {
    const value = draft.trim()
    if (!value) return setError('请输入姓名、手机号后四位或门牌')
    setError(null)
    setQ(value)
  }
  return (
    <View className='on-behalf__search'>
      <TextField value={draft} placeholder='姓名、手机号后四位或门牌' label='查找居民' maxLength={30} onChange={(v) => setDraft(v)} />
      {error ? <View className='form-error'>{error}</View> : null}
      <Button type='primary' block className='tap-target' onClick={submit}>
        搜索
      </Button>
      {q ? (
        <QueryView query={search} isEmpty={(r) => r.items.length === 0} empty={<EmptyState title='没有找到居民' description='换个姓名、手机号后四位或门牌试试' />}>
          {(r) => (
            <View>
              {r.items.map((h) => (
                <View key={h.id} className='on-behalf__household'>
                  <View className='on-behalf__address'>{h.address}</View>
                  {h.members.length === 0 ? <View className='muted'>这户没有登记成员</View> : null}
                  {h.members.map((m) => (
                    <Button key={m.id} block className='tap-target' onClick={() => onPick({ id: m.id, name: m.name, phoneMasked: m.phoneMasked, address: h.address })}>
                      为{m.name}发布{m.phoneMasked ? `（${m.phoneMasked}）` : ''}
                    </Button>
                  ))}
                </View>
              ))}
            </View>
          )}
        </QueryView>
      ) : null}
    </View>
  )
}
