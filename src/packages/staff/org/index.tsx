import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import type { DistrictOrg } from '../../../../types/api/people'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { TextField } from '../../../components/text-field'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { useMe } from '../../../hooks/use-me'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { authKeys } from '../../../services/auth'
import { orgStructureKeys } from '../../../services/org'
import { createCommunity, createSubdistrict, getDistrictOrg, renameSubdistrict, updateCommunity } from '../../../services/staff/org'
import { fieldErrorsOf } from '../../../utils/field-errors'
import { goTo, goToLogin, ROUTES } from '../../../utils/navigation'
import '../../../components/form.scss'
import './index.scss'

/*
 * 街道和社区 (the admin): the district's 街道, each with its 社区 and how much is recorded in them (网格, 楼栋, 户,
 * 工作人员). The admin adds and renames 街道, adds and edits 社区, and opens a community's 网格与楼栋.
 */

type Subdistrict = DistrictOrg['subdistricts'][number]
type Community = Subdistrict['communities'][number]

/** The list, or one form in its place. */
type Sub = { view: 'list' } | { view: 'subdistrict'; subdistrict: Subdistrict | null } | { view: 'community'; subdistrict: Subdistrict; community: Community | null }

export default function OrgPage() {
  const me = useMe()
  return (
    <PageShell>
      <QueryView query={me} onLogin={goToLogin}>
        {(profile) => (profile.roles.includes('admin') ? <District /> : <EmptyState title='仅限管理员使用' description='街道和社区由区级管理员维护' />)}
      </QueryView>
    </PageShell>
  )
}

function District() {
  const org = useQuery({ queryKey: orgStructureKeys.district, queryFn: getDistrictOrg })
  usePullRefresh(() => org.refetch())
  const [sub, setSub] = useState<Sub>({ view: 'list' })
  const open = (next: Sub) => {
    setSub(next)
    // A form takes the list's place: start reading it from its top.
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)
  }
  const back = () => open({ view: 'list' })

  if (sub.view === 'subdistrict') return <SubdistrictForm subdistrict={sub.subdistrict} askDistrict={(org.data?.subdistricts.length ?? 0) === 0} onDone={back} />
  if (sub.view === 'community') return <CommunityForm subdistrict={sub.subdistrict} community={sub.community} onDone={back} />

  const addSubdistrict = () => open({ view: 'subdistrict', subdistrict: null })
  return (
    <QueryView
      query={org}
      skeletonRows={6}
      isEmpty={(d) => d.subdistricts.length === 0}
      empty={<EmptyState title='还没有街道' description='先新增街道，再在街道下新增社区' action={{ text: '新增街道', onClick: addSubdistrict }} />}
    >
      {(data) => (
        <View>
          <View className='org-summary muted'>
            {data.subdistricts[0]!.district} · {data.subdistricts.length}个街道 · {data.subdistricts.reduce((n, s) => n + s.communities.length, 0)}个社区
          </View>
          {data.subdistricts.map((s) => (
            <View key={s.id} className='card org-subdistrict'>
              <View className='org-subdistrict__head'>
                <View className='org-subdistrict__name'>{s.name}</View>
                <Button size='small' className='tap-target org-subdistrict__rename' onClick={() => open({ view: 'subdistrict', subdistrict: s })}>
                  改名
                </Button>
              </View>
              {s.communities.length === 0 ? <View className='muted'>还没有社区</View> : null}
              {s.communities.map((c) => (
                <CommunityRow key={c.id} community={c} onEdit={() => open({ view: 'community', subdistrict: s, community: c })} />
              ))}
              <Button block className='tap-target org-subdistrict__add' onClick={() => open({ view: 'community', subdistrict: s, community: null })}>
                在{s.name}新增社区
              </Button>
            </View>
          ))}
          <Button type='primary' block className='tap-target org-add' onClick={addSubdistrict}>
            新增街道
          </Button>
        </View>
      )}
    </QueryView>
  )
}

function CommunityRow({ community: c, onEdit }: { community: Community; onEdit: () => void }) {
  const figures: [string, number][] = [
    ['网格', c.grids],
    ['楼栋', c.buildings],
    ['户', c.households],
    ['工作人员', c.staff],
  ]
  return (
    <View className='org-community'>
      <View className='org-community__head'>
        <View className='org-community__name'>{c.name}</View>
        <Button size='small' className='tap-target org-community__edit' onClick={onEdit}>
          编辑
        </Button>
      </View>
      <View className='muted'>{c.address}</View>
      <View className='org-figures'>
        {figures.map(([label, n]) => (
          <View key={label} className='org-figure'>
            <View className='org-figure__value'>{n}</View>
            <View className='org-figure__label'>{label}</View>
          </View>
        ))}
      </View>
      <Button block className='tap-target org-community__open' onClick={() => goTo(`${ROUTES.staffBuildings}?communityId=${c.id}`)}>
        网格与楼栋 ›
      </Button>
    </View>
  )
}

/** After a write: the answer is the whole tree; what residents choose from (the community list, names in 我的) follows. */
function applyDistrict(queryClient: QueryClient, after: DistrictOrg) {
  queryClient.setQueryData(orgStructureKeys.district, after)
  void queryClient.invalidateQueries({ queryKey: ['people', 'communities'] })
  void queryClient.invalidateQueries({ queryKey: authKeys.me })
}

function ServerOther({ messages }: { messages: string[] }) {
  return (
    <>
      {messages.map((m) => (
        <View key={m} className='form-error'>
          {m}
        </View>
      ))}
    </>
  )
}

type SubdistrictField = 'name' | 'district'

/** A new 街道 (subdistrict null) or a new name for one. The 区 is asked only for the very first 街道. */
function SubdistrictForm({ subdistrict, askDistrict, onDone }: { subdistrict: Subdistrict | null; askDistrict: boolean; onDone: () => void }) {
  const queryClient = useQueryClient()
  const [name, setName] = useState(subdistrict?.name ?? '')
  const [district, setDistrict] = useState('')
  const [errors, setErrors] = useState<Partial<Record<SubdistrictField, string>>>({})
  type Input = { name: string; district?: string }
  const action = (input: Input) => JSON.stringify(['subdistrict', subdistrict?.id ?? 'new', input])
  const save = useIdempotentMutation({
    mutationFn: (input: Input, key) => (subdistrict ? renameSubdistrict(subdistrict.id, input.name, key) : createSubdistrict(input, key)),
    action,
    onSuccess: (after) => {
      applyDistrict(queryClient, after)
      void Taro.showToast({ title: subdistrict ? '已改名' : '已新增街道', icon: 'none' })
      onDone()
    },
  })
  const server = fieldErrorsOf<SubdistrictField>(save.error, { name: 'name', district: 'district' })
  // Typing takes the field's message (and the server's refusal) away.
  const edit = (field: SubdistrictField, setValue: (v: string) => void) => (v: string) => {
    setValue(v)
    setErrors((e) => ({ ...e, [field]: undefined }))
    if (save.isError) save.reset()
  }
  const submit = () => {
    const found: Partial<Record<SubdistrictField, string>> = {}
    if (!name.trim()) found.name = '请填写街道名称'
    if (askDistrict && !district.trim()) found.district = '请填写街道所在的区'
    setErrors(found)
    if (Object.keys(found).length) return
    save.mutate(askDistrict ? { name: name.trim(), district: district.trim() } : { name: name.trim() })
  }
  const error = (f: SubdistrictField) => {
    const message = errors[f] ?? server.fields[f]
    return message ? <View className={`form-error form-error--${f}`}>{message}</View> : null
  }
  return (
    <View className='card org-form'>
      <View className='org-form__title'>{subdistrict ? `修改「${subdistrict.name}」的名称` : '新增街道'}</View>
      {askDistrict ? (
        <>
          <View className='field__label'>所在的区</View>
          <TextField value={district} placeholder='例如：爱辉区' label='所在的区' maxLength={30} onChange={edit('district', setDistrict)} />
          {error('district')}
        </>
      ) : null}
      <View className='field__label'>街道名称</View>
      <TextField value={name} placeholder='例如：花园街道' label='街道名称' maxLength={30} onChange={edit('name', setName)} />
      {error('name')}
      <ServerOther messages={server.other} />
      <Button type='primary' block className='tap-target' disabled={save.isPending} onClick={submit}>
        {save.isPending ? '正在保存…' : '保存'}
      </Button>
      <Button block className='tap-target' onClick={onDone}>
        返回
      </Button>
    </View>
  )
}

type CommunityField = 'name' | 'address' | 'subdistrict'

/** A new 社区 in a 街道 (community null), or a community's new name and address. */
function CommunityForm({ subdistrict, community, onDone }: { subdistrict: Subdistrict; community: Community | null; onDone: () => void }) {
  const queryClient = useQueryClient()
  const [draft, setDraft] = useState({ name: community?.name ?? '', address: community?.address ?? '' })
  const [errors, setErrors] = useState<Partial<Record<CommunityField, string>>>({})
  type Input = { name: string; address: string }
  const action = (input: Input) => JSON.stringify(['community', community?.id ?? `new:${subdistrict.id}`, input])
  const save = useIdempotentMutation({
    mutationFn: (input: Input, key) =>
      community ? updateCommunity(community.id, input, key) : createCommunity({ subdistrictId: subdistrict.id, ...input }, key),
    action,
    onSuccess: (after) => {
      applyDistrict(queryClient, after)
      void Taro.showToast({ title: community ? '已保存' : '已新增社区', icon: 'none' })
      onDone()
    },
  })
  const server = fieldErrorsOf<CommunityField>(save.error, { name: 'name', address: 'address', subdistrictId: 'subdistrict' })
  // Typing takes the field's message (and the server's refusal) away.
  const set = (key: 'name' | 'address', value: string) => {
    setDraft((d) => ({ ...d, [key]: value }))
    setErrors((e) => ({ ...e, [key]: undefined }))
    if (save.isError) save.reset()
  }
  const submit = () => {
    const input = { name: draft.name.trim(), address: draft.address.trim() }
    const found: Partial<Record<CommunityField, string>> = {}
    if (!input.name) found.name = '请填写社区名称'
    if (input.address.length < 2) found.address = '请填写社区地址'
    setErrors(found)
    if (Object.keys(found).length) return
    save.mutate(input)
  }
  const error = (f: CommunityField) => {
    const message = errors[f] ?? server.fields[f]
    return message ? <View className={`form-error form-error--${f}`}>{message}</View> : null
  }
  return (
    <View className='card org-form'>
      <View className='org-form__title'>{community ? `编辑「${community.name}」` : `在${subdistrict.name}新增社区`}</View>
      <View className='muted'>所属街道：{subdistrict.name}</View>
      {error('subdistrict')}
      <View className='field__label'>社区名称</View>
      <TextField value={draft.name} placeholder='例如：联通社区' label='社区名称' maxLength={30} onChange={(v) => set('name', v)} />
      {error('name')}
      <View className='field__label'>社区地址</View>
      <TextField value={draft.address} placeholder='例如：黑河市爱辉区联通路12号' label='社区地址' maxLength={60} onChange={(v) => set('address', v)} />
      <View className='field__hint'>居民选择社区时看到的地址，一般写社区党群服务中心的地址。</View>
      {error('address')}
      <ServerOther messages={server.other} />
      <Button type='primary' block className='tap-target' disabled={save.isPending} onClick={submit}>
        {save.isPending ? '正在保存…' : '保存'}
      </Button>
      <Button block className='tap-target' onClick={onDone}>
        返回
      </Button>
    </View>
  )
}
