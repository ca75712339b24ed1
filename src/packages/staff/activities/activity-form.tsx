import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Picker, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { Station } from '../../../../types/api/booking'
import type { VolunteerSkill } from '../../../../types/api/labels'
import type { Activity, ActivitySummary, CreateActivityRequest, Project, Team } from '../../../../types/api/volunteer'
import type { Upload } from '../../../../types/api/wishes'
import { addDays, chinaTime, weekdayLabel } from '../../../../types/time'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { PhotoPicker } from '../../../components/photo-picker'
import { QueryView } from '../../../components/query-view'
import { TextArea } from '../../../components/text-area'
import { TextField } from '../../../components/text-field'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { staffBookingKeys, listStaffStations } from '../../../services/staff/booking'
import {
  createActivity,
  getStaffActivity,
  listProjects,
  listTeams,
  refreshAfterVolunteerWrite,
  updateActivity,
  staffVolunteerKeys,
  type ActivityFields,
} from '../../../services/staff/volunteer'
import { formatDate, todayInChina } from '../../../utils/format'
import { fieldErrorsOf } from '../../../utils/field-errors'
import { SkillPicker } from '../volunteer-parts'

/** The form as typed; 0 is "none" for the team, project and station. */
type Draft = {
  title: string
  description: string
  teamId: number
  projectId: number
  stationId: number
  place: string
  date: string
  start: string
  end: string
  capacity: string
  skills: VolunteerSkill[]
  cancelDeadlineHours: string
  latitude: string
  longitude: string
  geofence: string
  repeatWeeks: string
  /** None or one: the activity's photo. */
  photos: Upload[]
}
type Field = 'title' | 'description' | 'team' | 'project' | 'station' | 'place' | 'time' | 'capacity' | 'skills' | 'cancelDeadline' | 'location' | 'geofence' | 'repeatWeeks' | 'photo'

/** Where the server's verdicts belong: VALIDATION_FAILED paths and the codes that concern one field. */
const FIELD_OF: Record<string, Field> = {
  title: 'title',
  description: 'description',
  teamId: 'team',
  projectId: 'project',
  stationId: 'station',
  place: 'place',
  startsAt: 'time',
  endsAt: 'time',
  ACTIVITY_TIME_LOCKED: 'time',
  capacity: 'capacity',
  ACTIVITY_CAPACITY_BELOW_SIGNUPS: 'capacity',
  skills: 'skills',
  cancelDeadlineHours: 'cancelDeadline',
  latitude: 'location',
  longitude: 'location',
  geofenceMeters: 'geofence',
  repeatWeeks: 'repeatWeeks',
  photoId: 'photo',
  PHOTO_NOT_FOUND: 'photo',
}

const TITLE_MAX = 40
const PLACE_MAX = 60
const DESCRIPTION_MAX = 1000
const REPEAT_WEEKS_MAX = 12
const WHOLE = /^\d+$/
const COORDINATE = /^-?\d+(\.\d+)?$/

const instant = (date: string, time: string) => `${date}T${time}:00+08:00`

/** What a new activity starts with: tomorrow morning, 24 hours to cancel, once. */
function blankDraft(): Draft {
  return {
    title: '',
    description: '',
    teamId: 0,
    projectId: 0,
    stationId: 0,
    place: '',
    date: addDays(todayInChina(), 1),
    start: '09:00',
    end: '11:00',
    capacity: '',
    skills: [],
    cancelDeadlineHours: '24',
    latitude: '',
    longitude: '',
    geofence: '',
    repeatWeeks: '1',
    photos: [],
  }
}

/** An activity as the form edits it: the contract gives its team, project and station ids and its deadline in hours. */
function draftOf(a: Activity): Draft {
  const start = chinaTime(a.startsAt)
  return {
    title: a.title,
    description: a.description,
    teamId: a.teamId ?? 0,
    projectId: a.projectId ?? 0,
    stationId: a.stationId ?? 0,
    place: a.place,
    date: start.format('YYYY-MM-DD'),
    start: start.format('HH:mm'),
    end: chinaTime(a.endsAt).format('HH:mm'),
    capacity: String(a.capacity),
    skills: a.skills,
    cancelDeadlineHours: String(a.cancelDeadlineHours),
    latitude: a.latitude === null ? '' : String(a.latitude),
    longitude: a.longitude === null ? '' : String(a.longitude),
    geofence: a.geofenceMeters === null ? '' : String(a.geofenceMeters),
    repeatWeeks: '1',
    photos: a.photo ? [a.photo] : [],
  }
}

/** The form's own checks: what was typed can be read as the numbers the contract asks for. */
function validate(d: Draft, creating: boolean): Partial<Record<Field, string>> {
  const e: Partial<Record<Field, string>> = {}
  if (!d.title.trim()) e.title = '请填写活动名称'
  if (!d.place.trim()) e.place = '请填写地点'
  if (!WHOLE.test(d.capacity.trim()) || Number(d.capacity) < 1) e.capacity = '请填写名额（整数，至少1人）'
  if (!WHOLE.test(d.cancelDeadlineHours.trim())) e.cancelDeadline = '请填写小时数（整数），随时可取消请填0'
  const lat = d.latitude.trim()
  const lng = d.longitude.trim()
  if ((lat || lng) && !(COORDINATE.test(lat) && COORDINATE.test(lng))) e.location = '请同时填写经纬度，例如 36.0662 和 120.3826；不设位置请都留空'
  if (d.geofence.trim() && !WHOLE.test(d.geofence.trim())) e.geofence = '请填写米数（整数），不限位置请留空'
  if (creating) {
    const n = Number(d.repeatWeeks.trim())
    if (!WHOLE.test(d.repeatWeeks.trim()) || n < 1 || n > REPEAT_WEEKS_MAX) e.repeatWeeks = `请填写1到${REPEAT_WEEKS_MAX}之间的整数，只办一次填1`
  }
  return e
}

/** The fields of the activity as the form edits them, all of them (PATCH /api/staff/activities/:id takes them too). */
function fieldsOf(d: Draft): ActivityFields {
  const lat = d.latitude.trim()
  const lng = d.longitude.trim()
  return {
    title: d.title.trim(),
    description: d.description.trim(),
    teamId: d.teamId || null,
    projectId: d.projectId || null,
    stationId: d.stationId || null,
    place: d.place.trim(),
    latitude: lat ? Number(lat) : null,
    longitude: lng ? Number(lng) : null,
    geofenceMeters: d.geofence.trim() ? Number(d.geofence.trim()) : null,
    startsAt: instant(d.date, d.start),
    endsAt: instant(d.date, d.end),
    capacity: Number(d.capacity.trim()),
    skills: d.skills,
    cancelDeadlineHours: Number(d.cancelDeadlineHours.trim()),
    photoId: d.photos[0]?.id ?? null,
  }
}

/**
 * 发布活动 (activity null) or 编辑活动: waits for the community's teams, projects and stations (and, to edit, the
 * activity's details), then shows the form.
 */
export function ActivityForm({ communityId, activity, onDone }: { communityId: number; activity: ActivitySummary | null; onDone: () => void }) {
  const teams = useQuery({ queryKey: staffVolunteerKeys.teams(communityId), queryFn: () => listTeams(communityId) })
  const projects = useQuery({ queryKey: staffVolunteerKeys.projects(communityId), queryFn: () => listProjects(communityId) })
  const stations = useQuery({ queryKey: staffBookingKeys.stations(communityId), queryFn: () => listStaffStations(communityId) })
  // The list's summary lacks the description, the ids, the position and the deadline: the detail has them. Asked
  // afresh each time the form opens (gcTime 0), so editing starts from the activity as it is now.
  const detail = useQuery({
    queryKey: staffVolunteerKeys.activity(activity?.id ?? 0),
    queryFn: () => getStaffActivity(activity!.id),
    enabled: activity !== null,
    staleTime: 0,
    gcTime: 0,
  })
  const back = (
    <Button block className='tap-target' onClick={onDone}>
      返回
    </Button>
  )
  const form = (initial: Activity | null) => (
    <QueryView query={teams} skeletonRows={6}>
      {(t) => (
        <QueryView query={projects} skeletonRows={6}>
          {(p) => (
            <QueryView query={stations} skeletonRows={6}>
              {(s) => <Form communityId={communityId} activity={initial} teams={t} projects={p} stations={s} onDone={onDone} />}
            </QueryView>
          )}
        </QueryView>
      )}
    </QueryView>
  )
  return (
    <View>
      {activity ? <QueryView query={detail}>{(a) => form(a)}</QueryView> : form(null)}
      {back}
    </View>
  )
}

function Form({
  communityId,
  activity,
  teams,
  projects,
  stations,
  onDone,
}: {
  communityId: number
  activity: Activity | null
  teams: Team[]
  projects: Project[]
  stations: Station[]
  onDone: () => void
}) {
  const queryClient = useQueryClient()
  const creating = activity === null
  const [draft, setDraft] = useState<Draft>(() => (activity ? draftOf(activity) : blankDraft()))
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const [uploading, setUploading] = useState(false)
  const set = <K extends keyof Draft>(key: K, value: Draft[K], field?: Field) => {
    setDraft((d) => ({ ...d, [key]: value }))
    if (field) setErrors((e) => ({ ...e, [field]: undefined }))
  }
  const action = (body: CreateActivityRequest | ActivityFields) => JSON.stringify([activity?.id ?? `new:${communityId}`, body])
  const save = useIdempotentMutation({
    mutationFn: async (body: CreateActivityRequest | ActivityFields, key) => {
      if (activity) return [await updateActivity(activity.id, body, key)]
      return createActivity(body as CreateActivityRequest, key)
    },
    action,
    onSuccess: (saved) => {
      refreshAfterVolunteerWrite(queryClient)
      const title = creating ? (saved.length > 1 ? `已发布${saved.length}场活动` : '已发布') : '已保存'
      void Taro.showToast({ title, icon: 'none' })
      onDone()
    },
  })
  const server = fieldErrorsOf(save.error, FIELD_OF)
  const station = stations.find((s) => s.id === draft.stationId) ?? null

  const submit = () => {
    const found = validate(draft, creating)
    setErrors(found)
    if (Object.keys(found).length > 0 || uploading) return
    const fields = fieldsOf(draft)
    save.mutate(creating ? { ...fields, communityId, repeatWeeks: Number(draft.repeatWeeks.trim()) } : fields)
  }

  const chooseStation = (id: number) => {
    set('stationId', id, 'station')
    const chosen = stations.find((s) => s.id === id)
    if (chosen && !draft.place.trim()) set('place', chosen.name, 'place')
  }
  const setPosition = (latitude: number, longitude: number) => {
    setDraft((d) => ({ ...d, latitude: String(latitude), longitude: String(longitude) }))
    setErrors((e) => ({ ...e, location: undefined }))
  }
  const pickOnMap = async () => {
    try {
      const picked = await Taro.chooseLocation({})
      setPosition(picked.latitude, picked.longitude)
    } catch (err) {
      // Closing the map is no failure; anything else (not allowed, no map) leaves typing the position.
      if (!/cancel/.test((err as { errMsg?: string } | undefined)?.errMsg ?? '')) {
        void Taro.showToast({ title: '无法打开地图选点，请直接填写经纬度', icon: 'none', duration: 2500 })
      }
    }
  }

  const error = (f: Field) => {
    const message = errors[f] ?? server.fields[f]
    return message ? <View className={`form-error form-error--${f}`}>{message}</View> : null
  }
  const teamOptions = [{ value: 0, label: '不属于服务队' }, ...teams.map((t) => ({ value: t.id, label: t.name }))]
  const projectOptions = [{ value: 0, label: '不属于项目' }, ...projects.map((p) => ({ value: p.id, label: p.name }))]
  const stationOptions = [{ value: 0, label: '不在阵地' }, ...stations.map((s) => ({ value: s.id, label: s.name }))]
  const timePicker = (key: 'start' | 'end', label: string) => (
    <Picker className='activity-form__picker' mode='time' value={draft[key]} onChange={(e) => set(key, String(e.detail.value), 'time')}>
      <View className={`activity-form__value activity-form__${key} tap-target`} ariaLabel={label}>
        {draft[key]}
      </View>
    </Picker>
  )

  return (
    <View className='card activity-form'>
      <View className='activity-form__title'>{activity ? `编辑「${activity.title}」` : '发布活动'}</View>

      <View className='field__label'>活动名称</View>
      <TextField value={draft.title} placeholder='例如：重阳节敬老义剪' label='活动名称' maxLength={TITLE_MAX} onChange={(v) => set('title', v, 'title')} />
      {error('title')}

      <View className='field__label'>活动内容（可不填）</View>
      <TextArea
        value={draft.description}
        placeholder='做什么、需要带什么、注意事项'
        label='活动内容'
        maxLength={DESCRIPTION_MAX}
        onChange={(v) => set('description', v, 'description')}
      />
      {error('description')}

      <View className='field__label'>志愿服务队</View>
      <ChoiceButtons className='activity-form__teams' options={teamOptions} value={draft.teamId} onChange={(v) => set('teamId', v, 'team')} />
      {error('team')}

      <View className='field__label'>志愿服务项目</View>
      <ChoiceButtons className='activity-form__projects' options={projectOptions} value={draft.projectId} onChange={(v) => set('projectId', v, 'project')} />
      {error('project')}

      <View className='field__label'>所在阵地</View>
      <ChoiceButtons className='activity-form__stations' options={stationOptions} value={draft.stationId} onChange={chooseStation} />
      {error('station')}

      <View className='field__label'>地点</View>
      <TextField value={draft.place} placeholder='例如：党群服务中心二楼活动室' label='地点' maxLength={PLACE_MAX} onChange={(v) => set('place', v, 'place')} />
      {error('place')}

      <View className='field__label'>时间</View>
      <Picker mode='date' value={draft.date} onChange={(e) => set('date', String(e.detail.value), 'time')}>
        <View className='activity-form__value activity-form__date tap-target' ariaLabel='活动日期'>
          {formatDate(draft.date)} {weekdayLabel(draft.date)}
        </View>
      </Picker>
      <View className='activity-form__times'>
        {timePicker('start', '开始时间')}
        <View className='activity-form__to'>至</View>
        {timePicker('end', '结束时间')}
      </View>
      {error('time')}

      {creating ? (
        <>
          <View className='field__label'>每周重复</View>
          <View className='field__hint'>填1只办一次；填4即连续4周、每周同一时间各办一场（最多{REPEAT_WEEKS_MAX}周）</View>
          <TextField type='number' value={draft.repeatWeeks} placeholder='例如：4' label='重复周数' maxLength={2} onChange={(v) => set('repeatWeeks', v, 'repeatWeeks')} />
          {error('repeatWeeks')}
        </>
      ) : null}

      <View className='field__label'>名额（人）</View>
      <TextField type='number' value={draft.capacity} placeholder='例如：10' label='名额' maxLength={4} onChange={(v) => set('capacity', v, 'capacity')} />
      {error('capacity')}

      <View className='field__label'>需要的技能（可多选，可不选）</View>
      <SkillPicker value={draft.skills} onChange={(v) => set('skills', v, 'skills')} />
      {error('skills')}

      <View className='field__label'>活动照片（可不传）</View>
      <View className='field__hint'>不传时按第一项技能显示默认图片</View>
      <PhotoPicker photos={draft.photos} onChange={(p) => set('photos', p, 'photo')} max={1} purpose='activity_photo' onBusyChange={setUploading} />
      {error('photo')}

      <View className='field__label'>取消报名期限</View>
      <View className='field__hint'>活动开始前多少小时内不能再取消报名</View>
      <TextField
        type='number'
        value={draft.cancelDeadlineHours}
        placeholder='例如：24'
        label='取消报名期限（小时）'
        maxLength={3}
        onChange={(v) => set('cancelDeadlineHours', v, 'cancelDeadline')}
      />
      {error('cancelDeadline')}

      <View className='field__label'>活动位置（可不填）</View>
      <View className='field__hint'>设置位置后可限定志愿者在现场扫码签到</View>
      <View className='activity-form__position'>
        <TextField value={draft.latitude} placeholder='纬度，例如 36.0662' label='纬度' maxLength={20} onChange={(v) => set('latitude', v, 'location')} />
        <TextField value={draft.longitude} placeholder='经度，例如 120.3826' label='经度' maxLength={20} onChange={(v) => set('longitude', v, 'location')} />
      </View>
      <View className='activity-form__position-actions'>
        {station ? (
          <Button className='tap-target activity-form__station-position' onClick={() => setPosition(station.latitude, station.longitude)}>
            使用「{station.name}」的位置
          </Button>
        ) : process.env.TARO_ENV === 'weapp' ? (
          <Button className='tap-target activity-form__map' onClick={() => void pickOnMap()}>
            在地图上选点
          </Button>
        ) : null}
        {draft.latitude || draft.longitude ? (
          <Button
            className='tap-target activity-form__clear-position'
            onClick={() => {
              setDraft((d) => ({ ...d, latitude: '', longitude: '', geofence: '' }))
              setErrors((e) => ({ ...e, location: undefined, geofence: undefined }))
            }}
          >
            不设位置
          </Button>
        ) : null}
      </View>
      {error('location')}

      <View className='field__label'>现场签到范围（米，可不填）</View>
      <View className='field__hint'>填写后，志愿者须在活动位置这个距离以内才能扫码签到</View>
      <TextField type='number' value={draft.geofence} placeholder='例如：200' label='现场签到范围（米）' maxLength={4} onChange={(v) => set('geofence', v, 'geofence')} />
      {error('geofence')}

      {server.other.map((message) => (
        <View key={message} className='form-error'>
          {message}
        </View>
      ))}
      <Button type='primary' block className='tap-target activity-form__submit' disabled={save.isPending || uploading} onClick={submit}>
        {save.isPending ? '正在提交…' : uploading ? '照片上传中…' : creating ? '发布' : '保存'}
      </Button>
    </View>
  )
}
