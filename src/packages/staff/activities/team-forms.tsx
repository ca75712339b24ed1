import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { TextArea } from '../../../components/text-area'
import { TextField } from '../../../components/text-field'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import {
  createProject,
  createTeam,
  listTeams,
  refreshAfterVolunteerWrite,
  staffVolunteerKeys,
  type CreateProjectInput,
  type CreateTeamInput,
} from '../../../services/staff/volunteer'
import { fieldErrorsOf } from '../../../utils/field-errors'

type Field = 'name' | 'description' | 'team'
const FIELD_OF: Record<string, Field> = { name: 'name', description: 'description', teamId: 'team' }

/** The contract's limits (types/api/volunteer.ts: ZCreateTeamRequest, ZCreateProjectRequest). */
const LIMITS = {
  team: { nameMax: 30, descriptionMax: 300 },
  project: { nameMax: 40, descriptionMax: 500 },
} as const

/** 新建服务队 and 新建服务项目: a name, a description and, for a project, the team it belongs to. */
export function TeamOrProjectForm({ communityId, kind, onDone }: { communityId: number; kind: 'team' | 'project'; onDone: () => void }) {
  const queryClient = useQueryClient()
  const teams = useQuery({ queryKey: staffVolunteerKeys.teams(communityId), queryFn: () => listTeams(communityId), enabled: kind === 'project' })
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [teamId, setTeamId] = useState(0)
  const [message, setMessage] = useState<string | null>(null)
  const noun = kind === 'team' ? '服务队' : '服务项目'
  const limits = LIMITS[kind]
  const action = (body: CreateTeamInput | CreateProjectInput) => JSON.stringify([kind, body])
  const save = useIdempotentMutation({
    mutationFn: async (body: CreateTeamInput | CreateProjectInput, key) => {
      if (kind === 'team') queryClient.setQueryData(staffVolunteerKeys.teams(communityId), await createTeam(body, key))
      else queryClient.setQueryData(staffVolunteerKeys.projects(communityId), await createProject(body, key))
    },
    action,
    onSuccess: () => {
      refreshAfterVolunteerWrite(queryClient)
      void Taro.showToast({ title: `已新建${noun}`, icon: 'none' })
      onDone()
    },
  })
  const server = fieldErrorsOf(save.error, FIELD_OF)

  const submit = () => {
    if (!name.trim()) return setMessage(`请填写${noun}名称`)
    setMessage(null)
    const base = { communityId, name: name.trim(), description: description.trim() }
    save.mutate(kind === 'team' ? base : { ...base, teamId: teamId || null })
  }

  const error = (f: Field, local?: string | null) => {
    const text = local ?? server.fields[f]
    return text ? <View className={`form-error form-error--${f}`}>{text}</View> : null
  }
  const teamOptions = [{ value: 0, label: '不属于服务队' }, ...(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))]
  return (
    <View className='card team-form'>
      <View className='team-form__title'>新建{noun}</View>
      {kind === 'team' ? (
        <View className='field__hint'>例如「银发理发队」「法律服务队」，志愿者可以在小程序里加入服务队。</View>
      ) : (
        <View className='field__hint'>长期开展的服务，例如「周末义剪」「手机课堂」，发布活动时可以选择所属项目。</View>
      )}
      <View className='field__label'>名称</View>
      <TextField
        value={name}
        placeholder={kind === 'team' ? '例如：银发理发队' : '例如：周末义剪'}
        label={`${noun}名称`}
        maxLength={limits.nameMax}
        onChange={(v) => {
          setName(v)
          setMessage(null)
        }}
      />
      {error('name', message)}
      {kind === 'project' ? (
        <>
          <View className='field__label'>所属服务队</View>
          <ChoiceButtons options={teamOptions} value={teamId} onChange={setTeamId} />
          {error('team')}
        </>
      ) : null}
      <View className='field__label'>简介（可不填）</View>
      <TextArea value={description} placeholder='做什么、面向谁' label={`${noun}简介`} maxLength={limits.descriptionMax} onChange={setDescription} />
      {error('description')}
      {server.other.map((m) => (
        <View key={m} className='form-error'>
          {m}
        </View>
      ))}
      <Button type='primary' block className='tap-target' disabled={save.isPending} onClick={submit}>
        {save.isPending ? '正在提交…' : '新建'}
      </Button>
      <Button block className='tap-target' onClick={onDone}>
        返回
      </Button>
    </View>
  )
}
