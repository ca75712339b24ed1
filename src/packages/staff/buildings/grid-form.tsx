import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQueryClient } from '@tanstack/react-query'
import { TextField } from '../../../components/text-field'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { createGrid, renameGrid } from '../../../services/staff/org'
import { fieldErrorsOf } from '../../../utils/field-errors'
import { applyCommunityOrg, FieldError, OtherErrors, type Grid } from './org-parts'

/** A new 网格 (grid null) or a grid's new name. */
export function GridForm({ communityId, grid, onDone }: { communityId: number; grid: Grid | null; onDone: () => void }) {
  const queryClient = useQueryClient()
  const [name, setName] = useState(grid?.name ?? '')
  const [problem, setProblem] = useState<string>()
  const action = (n: string) => JSON.stringify(['grid', grid?.id ?? `new:${communityId}`, n])
  const save = useIdempotentMutation({
    mutationFn: (n: string, key) => (grid ? renameGrid(grid.id, n, key) : createGrid({ communityId, name: n }, key)),
    action,
    onSuccess: (after) => {
      applyCommunityOrg(queryClient, after)
      void Taro.showToast({ title: grid ? '已改名' : '已新增网格', icon: 'none' })
      onDone()
    },
  })
  const server = fieldErrorsOf(save.error, { name: 'name' })
  const submit = () => {
    const n = name.trim()
    setProblem(n ? undefined : '请填写网格名称')
    if (n) save.mutate(n)
  }
  return (
    <View className='card org-form'>
      <View className='org-form__title'>{grid ? `修改「${grid.name}」的名称` : '新增网格'}</View>
      <View className='field__label'>网格名称</View>
      <TextField
        value={name}
        placeholder='例如：第三网格'
        label='网格名称'
        maxLength={30}
        onChange={(v) => {
          setName(v)
          setProblem(undefined)
          if (save.isError) save.reset()
        }}
      />
      <FieldError field='name' messages={[problem, server.fields.name]} />
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
