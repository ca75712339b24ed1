import { useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQueryClient } from '@tanstack/react-query'
import type { BuildingRequest, CommunityOrg } from '../../../../types/api/people'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { TextField } from '../../../components/text-field'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { createBuilding, updateBuilding, type BuildingUpdate } from '../../../services/staff/org'
import { fieldErrorsOf } from '../../../utils/field-errors'
import { applyCommunityOrg, FieldError, OtherErrors, type Building } from './org-parts'
import { emptyUnit, roomsOf, UNITS_MAX, type UnitDraft } from './room-numbers'
import { UnitEditor } from './unit-editor'

type Place = { gridId: number | null; estate: string; name: string }
type PlaceField = 'gridId' | 'estate' | 'name'

/** The server's paths for the building's own fields (units are placed by the form that has them). */
const PLACE_FIELDS: Record<string, PlaceField> = { gridId: 'gridId', estate: 'estate', name: 'name' }

function placeProblems(p: Place): Partial<Record<PlaceField, string>> {
  const found: Partial<Record<PlaceField, string>> = {}
  if (p.gridId === null) found.gridId = '请选择网格'
  if (!p.estate.trim()) found.estate = '请填写小区名称'
  if (!p.name.trim()) found.name = '请填写楼栋名称'
  return found
}

/** 网格, 小区 (the community's estates offered as a tap), 楼栋名称: shared by the new and the edit form. */
function PlaceFields({ org, place, onChange, error }: { org: CommunityOrg; place: Place; onChange: (p: Place) => void; error: (f: PlaceField) => (string | undefined)[] }) {
  const estates = [...new Set(org.buildings.map((b) => b.estate))]
  return (
    <>
      <View className='field__label'>网格</View>
      <ChoiceButtons className='building-form__grids' options={org.grids.map((g) => ({ value: g.id, label: g.name }))} value={place.gridId} onChange={(gridId) => onChange({ ...place, gridId })} />
      <FieldError field='gridId' messages={error('gridId')} />
      <View className='field__label'>小区</View>
      {estates.length ? (
        <>
          <View className='field__hint'>点选已有的小区，或填写新的小区名称</View>
          <ChoiceButtons className='building-form__estates' options={estates.map((e) => ({ value: e, label: e }))} value={estates.includes(place.estate.trim()) ? place.estate.trim() : null} onChange={(estate) => onChange({ ...place, estate })} />
        </>
      ) : null}
      <TextField value={place.estate} placeholder='例如：联通小区' label='小区' maxLength={30} onChange={(estate) => onChange({ ...place, estate })} />
      <FieldError field='estate' messages={error('estate')} />
      <View className='field__label'>楼栋名称</View>
      <TextField value={place.name} placeholder='例如：8号楼' label='楼栋名称' maxLength={30} onChange={(name) => onChange({ ...place, name })} />
      <FieldError field='name' messages={error('name')} />
    </>
  )
}

/** The next unit: named after the last one (2单元 after 1单元) and laid out like it, since a building's units mostly are. */
function nextUnit(units: UnitDraft[]): UnitDraft {
  const last = units.at(-1)
  if (!last) return emptyUnit('1单元')
  const n = /^(\d+)单元$/.exec(last.unitNo.trim())
  return { ...last, unitNo: n ? `${Number(n[1]) + 1}单元` : '' }
}

/** A new building: where it is, and its units with their room numbers (each one a household address). */
export function BuildingForm({ org, gridId, onDone }: { org: CommunityOrg; gridId: number | null; onDone: () => void }) {
  const queryClient = useQueryClient()
  const [place, setPlace] = useState<Place>({ gridId: gridId ?? (org.grids.length === 1 ? org.grids[0]!.id : null), estate: '', name: '' })
  // Each unit keeps its id while others are added or removed (its boxes are not handed to its neighbour).
  const ids = useRef(1)
  const [units, setUnits] = useState<(UnitDraft & { id: number })[]>([{ ...emptyUnit('1单元'), id: 0 }])
  const [problems, setProblems] = useState<Record<string, string | undefined>>({})
  const action = (body: BuildingRequest) => JSON.stringify(['building', body])
  const save = useIdempotentMutation({
    mutationFn: (body: BuildingRequest, key) => createBuilding(body, key),
    action,
    onSuccess: (after, body) => {
      applyCommunityOrg(queryClient, after)
      void Taro.showToast({ title: `已新增${body.estate}${body.name}`, icon: 'none' })
      onDone()
    },
  })
  // units.1.roomNos → the second unit's card; units (the list as a whole) → above the units.
  const server = fieldErrorsOf<string>(save.error, { ...PLACE_FIELDS, units: 'units', ...Object.fromEntries(units.map((_u, i) => [`units.${i}`, `unit:${i}`])) })
  const edited = () => {
    if (save.isError) save.reset()
  }
  const changePlace = (next: Place) => {
    setProblems((p) => ({ ...p, ...Object.fromEntries((['gridId', 'estate', 'name'] as const).filter((k) => next[k] !== place[k]).map((k) => [k, undefined])) }))
    setPlace(next)
    edited()
  }
  const changeUnit = (i: number, next: UnitDraft) => {
    setUnits((list) => list.map((u, j) => (j === i ? { ...next, id: u.id } : u)))
    setProblems((p) => ({ ...p, [`unit:${i}`]: undefined, units: undefined }))
    edited()
  }
  const removeUnit = (i: number) => {
    setUnits((list) => list.filter((_u, j) => j !== i))
    setProblems({})
    edited()
  }
  const rooms = units.map(roomsOf)
  const total = rooms.reduce((n, r) => n + (r.problem ? 0 : r.rooms.length), 0)

  const submit = () => {
    const found: Record<string, string | undefined> = { ...placeProblems(place) }
    const seen = new Set<string>()
    units.forEach((u, i) => {
      const unitNo = u.unitNo.trim()
      if (!unitNo) found[`unit:${i}`] = '请填写单元，例如：1单元'
      else if (seen.has(unitNo)) found[`unit:${i}`] = `「${unitNo}」写了两次，请合并或改名`
      else if (rooms[i]!.problem) found[`unit:${i}`] = rooms[i]!.problem!
      seen.add(unitNo)
    })
    setProblems(found)
    if (Object.values(found).some(Boolean) || place.gridId === null) return
    save.mutate({
      communityId: org.communityId,
      gridId: place.gridId,
      estate: place.estate.trim(),
      name: place.name.trim(),
      units: units.map((u, i) => ({ unitNo: u.unitNo.trim(), roomNos: rooms[i]!.rooms })),
    })
  }

  return (
    <View className='card org-form building-form'>
      <View className='org-form__title'>新增楼栋</View>
      <PlaceFields org={org} place={place} onChange={changePlace} error={(f) => [problems[f], server.fields[f]]} />

      <View className='field__label'>单元和门牌</View>
      <View className='field__hint'>每个单元的门牌号就是居民认证时选的住址。没有单元的楼，单元可写“1单元”。以后还可以再添加门牌。</View>
      <FieldError field='units' messages={[problems.units, server.fields.units]} />
      {units.map((u, i) => (
        <View key={u.id} className='building-form__unit'>
          <View className='building-form__unit-head'>
            <View className='building-form__unit-title'>第{i + 1}个单元</View>
            <Button size='small' className='tap-target building-form__unit-remove' onClick={() => removeUnit(i)}>
              删除
            </Button>
          </View>
          <UnitEditor value={u} onChange={(next) => changeUnit(i, next)} error={problems[`unit:${i}`] ?? server.fields[`unit:${i}`]} />
        </View>
      ))}
      {units.length < UNITS_MAX ? (
        <Button block className='tap-target building-form__unit-add' onClick={() => setUnits((list) => [...list, { ...nextUnit(list), id: ids.current++ }])}>
          添加单元
        </Button>
      ) : null}
      <View className='building-form__total'>
        共{units.length}个单元，{total}户
      </View>
      <OtherErrors messages={server.other} />
      <Button type='primary' block className='tap-target building-form__save' disabled={save.isPending} onClick={submit}>
        {save.isPending ? '正在保存…' : `保存楼栋（${total}户）`}
      </Button>
      <Button block className='tap-target' onClick={onDone}>
        返回
      </Button>
    </View>
  )
}

/** A building's 网格, 小区 and name (its flats are added with 添加门牌). */
export function BuildingEditForm({ org, building, onDone }: { org: CommunityOrg; building: Building; onDone: () => void }) {
  const queryClient = useQueryClient()
  const [place, setPlace] = useState<Place>({ gridId: building.gridId, estate: building.estate, name: building.name })
  const [problems, setProblems] = useState<Partial<Record<PlaceField, string>>>({})
  const action = (body: BuildingUpdate) => JSON.stringify(['building', building.id, body])
  const save = useIdempotentMutation({
    mutationFn: (body: BuildingUpdate, key) => updateBuilding(building.id, body, key),
    action,
    onSuccess: (after) => {
      applyCommunityOrg(queryClient, after)
      void Taro.showToast({ title: '已保存', icon: 'none' })
      onDone()
    },
  })
  const server = fieldErrorsOf(save.error, PLACE_FIELDS)
  const submit = () => {
    const found = placeProblems(place)
    setProblems(found)
    if (Object.keys(found).length || place.gridId === null) return
    save.mutate({ gridId: place.gridId, estate: place.estate.trim(), name: place.name.trim() })
  }
  return (
    <View className='card org-form building-form'>
      <View className='org-form__title'>
        编辑「{building.estate}
        {building.name}」
      </View>
      <View className='muted'>
        {building.units}个单元 · {building.households}户 · 居民{building.residents}人
      </View>
      <PlaceFields
        org={org}
        place={place}
        onChange={(next) => {
          setPlace(next)
          setProblems({})
          if (save.isError) save.reset()
        }}
        error={(f) => [problems[f], server.fields[f]]}
      />
      <OtherErrors messages={server.other} />
      <Button type='primary' block className='tap-target' disabled={save.isPending} onClick={submit}>
        {save.isPending ? '正在保存…' : '保存'}
      </Button>
      <Button block className='tap-target' onClick={onDone}>
        返回
      </Button>
    </View>
  )
}
