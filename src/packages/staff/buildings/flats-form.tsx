import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { CommunityOrg } from '../../../../types/api/people'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { QueryView } from '../../../components/query-view'
import { TextField } from '../../../components/text-field'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { getAddressBook, peopleKeys } from '../../../services/people'
import { addFlats, type FlatsInput } from '../../../services/staff/org'
import { fieldErrorsOf } from '../../../utils/field-errors'
import { applyCommunityOrg, FieldError, OtherErrors, type Building } from './org-parts'
import { emptyUnit, roomsOf, roomsPreview, type UnitDraft } from './room-numbers'
import { UnitEditor } from './unit-editor'

type Unit = { unitNo: string; roomNos: string[] }
const NEW_UNIT = ''

/**
 * 添加门牌: room numbers for one unit of a building, an existing unit (its numbers shown, and not added twice) or a new
 * one. The building's units come from the community's address book, the list residents pick their flat from.
 */
export function FlatsForm({ communityId, building, onDone }: { communityId: number; building: Building; onDone: () => void }) {
  const book = useQuery({ queryKey: peopleKeys.addressBook(communityId), queryFn: () => getAddressBook(communityId) })
  return (
    <View className='card org-form flats-form'>
      <View className='org-form__title'>
        给「{building.estate}
        {building.name}」添加门牌
      </View>
      <QueryView query={book} skeletonRows={3}>
        {(data) => <Flats building={building} units={data.buildings.find((b) => b.id === building.id)?.units ?? []} onDone={onDone} />}
      </QueryView>
      <Button block className='tap-target' onClick={onDone}>
        返回
      </Button>
    </View>
  )
}

function Flats({ building, units, onDone }: { building: Building; units: Unit[]; onDone: () => void }) {
  const queryClient = useQueryClient()
  // An existing unit's name, or NEW_UNIT with the name typed in the draft.
  const [chosen, setChosen] = useState<string>(units[0]?.unitNo ?? NEW_UNIT)
  const [draft, setDraft] = useState<UnitDraft>(() => emptyUnit(units.length ? '' : '1单元'))
  const [problem, setProblem] = useState<{ unitNo?: string; rooms?: string }>({})
  const unit = units.find((u) => u.unitNo === chosen) ?? null
  const existing = new Set(unit?.roomNos ?? [])
  const action = (body: FlatsInput) => JSON.stringify(['flats', building.id, body])
  const save = useIdempotentMutation({
    mutationFn: (body: FlatsInput, key) => addFlats(building.id, body, key),
    action,
    onSuccess: (after: CommunityOrg) => {
      const added = (after.buildings.find((b) => b.id === building.id)?.households ?? building.households) - building.households
      applyCommunityOrg(queryClient, after)
      void Taro.showToast({ title: added > 0 ? `已添加${added}户` : '这些门牌都已经有了', icon: 'none' })
      onDone()
    },
  })
  const server = fieldErrorsOf(save.error, { unitNo: 'unitNo', roomNos: 'rooms' })
  const edit = (next: UnitDraft) => {
    setDraft(next)
    setProblem({})
    if (save.isError) save.reset()
  }
  const { rooms, problem: roomsProblem } = roomsOf(draft)
  const fresh = rooms.filter((r) => !existing.has(r))

  const submit = () => {
    const unitNo = unit ? unit.unitNo : draft.unitNo.trim()
    const found = {
      unitNo: unitNo ? undefined : '请填写单元，例如：3单元',
      rooms: roomsProblem ?? (fresh.length ? undefined : '这些门牌号都已经有了'),
    }
    setProblem(found)
    if (found.unitNo || found.rooms) return
    save.mutate({ unitNo, roomNos: fresh })
  }

  return (
    <>
      <View className='muted'>
        现有{building.units}个单元，{building.households}户
      </View>
      <View className='field__label'>单元</View>
      <ChoiceButtons
        className='flats-form__units'
        options={[...units.map((u) => ({ value: u.unitNo, label: u.unitNo })), { value: NEW_UNIT, label: '新单元' }]}
        value={chosen}
        onChange={(v) => {
          setChosen(v)
          setProblem({})
        }}
      />
      {unit ? (
        <View className='flats-form__existing muted'>
          {unit.unitNo}已有{unit.roomNos.length}户：{roomsPreview(unit.roomNos, 12)}
        </View>
      ) : (
        <TextField value={draft.unitNo} placeholder='例如：3单元' label='新单元' maxLength={20} onChange={(unitNo) => edit({ ...draft, unitNo })} />
      )}
      <FieldError field='unitNo' messages={[problem.unitNo, server.fields.unitNo]} />
      <View className='field__label'>门牌号</View>
      <UnitEditor value={draft} onChange={edit} unitNoField={false} existing={existing} error={problem.rooms ?? server.fields.rooms} />
      <OtherErrors messages={server.other} />
      <Button type='primary' block className='tap-target flats-form__save' disabled={save.isPending} onClick={submit}>
        {save.isPending ? '正在保存…' : `添加${fresh.length}户`}
      </Button>
    </>
  )
}
