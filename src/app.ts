import { createElement, type PropsWithChildren } from 'react'
import { QueryClientProvider } from '@tanstack/react-query'
import { queryClient } from './services/query-client'
import './app.scss'

// The pages render inside this component, so providers here reach every page.
function App({ children }: PropsWithChildren) {
  return createElement(QueryClientProvider, { client: queryClient }, children)
}

export default App
