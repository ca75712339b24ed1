import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery } from '@tanstack/react-query'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { orgStructureKeys } from '../../../services/org'
import { getCommunityOrg } from '../../../services/staff/org'
import { StaffGate } from '../staff-gate'
import { BuildingEditForm, BuildingForm } from './building-form'
import { FlatsForm } from './flats-form'
import { GridForm } from './grid-form'
import type { Building, Grid } from './org-parts'
import '../../../components/form.scss'
import './index.scss'

/*
 * 网格与楼栋: a community's 网格 (with how many buildings each has) and its 楼栋 by 小区 (grid, units, households,
 * residents). Staff add and rename grids, record buildings with their units and room numbers, edit a building and add
 * flats to one of its units; what they record is what residents pick from in 住户认证. The admin picks the community.
 */

/** The lists, or one form in their place. */
type Sub =
  | { view: 'list' }
  | { view: 'grid'; grid: Grid | null }
  | { view: 'building' }
  | { view: 'edit'; building: Building }
  | { view: 'flats'; building: Building }

export default function BuildingsPage() {
  const router = useRouter()
  const asked = Number(router?.params?.communityId)
  return (
    <PageShell>
      <StaffGate initial={Number.isInteger(asked) ? asked : undefined}>{(communityId) => <CommunityStructure communityId={communityId} />}</StaffGate>
    </PageShell>
  )
}

function CommunityStructure({ communityId }: { communityId: number }) {
  const org = useQuery({ queryKey: orgStructureKeys.community(communityId), queryFn: () => getCommunityOrg(communityId) })
  usePullRefresh(() => org.refetch())
  const [sub, setSub] = useState<Sub>({ view: 'list' })
  const [gridFilter, setGridFilter] = useState<number | null>(null)
  const open = (next: Sub) => {
    setSub(next)
    // A form takes the list's place: start reading it from its top.
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)
  }
  const back = () => open({ view: 'list' })

  if (org.data) {
    switch (sub.view) {
      case 'grid':
        return <GridForm communityId={communityId} grid={sub.grid} onDone={back} />
      case 'building':
        return <BuildingForm org={org.data} gridId={gridFilter} onDone={back} />
      case 'edit':
        return <BuildingEditForm org={org.data} building={sub.building} onDone={back} />
      case 'flats':
        return <FlatsForm communityId={communityId} building={sub.building} onDone={back} />
      case 'list':
        break
    }
  }

  return (
    <View>
      <QueryView query={org} skeletonRows={6}>
        {(data) => {
          const filter = data.grids.find((g) => g.id === gridFilter) ?? null
          const shown = filter ? data.buildings.filter((b) => b.gridId === filter.id) : data.buildings
          return (
            <View>
              <View className='section-title'>
                {data.communityName}的网格（{data.grids.length}）
              </View>
              {data.grids.length === 0 ? (
                <EmptyState title='还没有网格' description='先新增网格，再把楼栋录入到网格里' />
              ) : (
                <View className='card org-grids'>
                  {data.grids.map((g) => (
                    <View key={g.id} className={`org-grid${g.id === filter?.id ? ' org-grid--chosen' : ''}`}>
                      <View className='org-grid__who'>
                        <View className='org-grid__name'>{g.name}</View>
                        <View className='muted'>{g.buildings}栋楼</View>
                      </View>
                      <Button size='small' className='tap-target org-grid__show' onClick={() => setGridFilter(g.id === filter?.id ? null : g.id)}>
                        {g.id === filter?.id ? '看全部' : '看楼栋'}
                      </Button>
                      <Button size='small' className='tap-target org-grid__rename' onClick={() => open({ view: 'grid', grid: g })}>
                        改名
                      </Button>
                    </View>
                  ))}
                </View>
              )}
              <Button block className='tap-target org-grid-add' onClick={() => open({ view: 'grid', grid: null })}>
                新增网格
              </Button>

              <View className='section-title'>
                {filter ? `${filter.name}的楼栋` : '楼栋'}（{shown.length}栋 · {shown.reduce((n, b) => n + b.households, 0)}户）
              </View>
              {filter ? (
                <Button block className='tap-target org-filter-clear' onClick={() => setGridFilter(null)}>
                  看全部网格的楼栋
                </Button>
              ) : null}
              <Button type='primary' block className='tap-target org-building-add' disabled={data.grids.length === 0} onClick={() => open({ view: 'building' })}>
                新增楼栋
              </Button>
              {shown.length === 0 ? (
                <EmptyState title='还没有楼栋' description={data.grids.length ? '点「新增楼栋」录入楼栋、单元和门牌，居民认证住址时就能选到' : '请先新增网格'} />
              ) : (
                <Estates buildings={shown} open={open} />
              )}
            </View>
          )
        }}
      </QueryView>
    </View>
  )
}

/** The buildings under their 小区, in the server's order. */
function Estates({ buildings, open }: { buildings: Building[]; open: (sub: Sub) => void }) {
  const estates = new Map<string, Building[]>()
  for (const b of buildings) estates.set(b.estate, [...(estates.get(b.estate) ?? []), b])
  return (
    <View>
      {[...estates].map(([estate, list]) => (
        <View key={estate} className='card org-estate'>
          <View className='org-estate__head'>
            <View className='org-estate__name'>{estate}</View>
            <View className='muted'>
              {list.length}栋 · {list.reduce((n, b) => n + b.households, 0)}户
            </View>
          </View>
          {list.map((b) => (
            <View key={b.id} className='org-building'>
              <View className='org-building__head'>
                <View className='org-building__name'>{b.name}</View>
                <View className='org-building__grid'>{b.gridName}</View>
              </View>
              <View className='org-building__figures'>
                {b.units}个单元 · {b.households}户 · 居民{b.residents}人
              </View>
              <View className='org-building__actions'>
                <Button size='small' className='tap-target org-building__flats' onClick={() => open({ view: 'flats', building: b })}>
                  添加门牌
                </Button>
                <Button size='small' className='tap-target org-building__edit' onClick={() => open({ view: 'edit', building: b })}>
                  编辑
                </Button>
              </View>
            </View>
          ))}
        </View>
      ))}
    </View>
  )
}
