import type { ReactNode } from 'react'
import type { Me } from '../../../types/api/me'
import { EmptyState } from '../../components/empty-state'
import { QueryView } from '../../components/query-view'
import { useMe } from '../../hooks/use-me'
import { goToLogin } from '../../utils/navigation'
import { staffCommunityOf } from '../../utils/staff'

/** Renders a staff page only for staff; anyone else is told the page is not for them. */
export function StaffGate({ children }: { children: (communityId: number, me: Me) => ReactNode }) {
  const me = useMe()
  return (
    <QueryView query={me} onLogin={goToLogin}>
      {(profile) =>
        profile.staffCommunityIds.length === 0 ? (
          <EmptyState title='仅限社区工作人员使用' description='这个页面供社区工作人员处理本社区的事务' />
        ) : (
          children(staffCommunityOf(profile), profile)
        )
      }
    </QueryView>
  )
}
