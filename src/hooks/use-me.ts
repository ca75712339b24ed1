import { useQuery } from '@tanstack/react-query'
import { authKeys, getMe } from '../services/auth'

export function useMe() {
  return useQuery({ queryKey: authKeys.me, queryFn: getMe })
}
