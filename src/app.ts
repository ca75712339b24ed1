import { createElement, type PropsWithChildren } from 'react'
import { QueryClientProvider } from '@tanstack/react-query'
import { queryClient } from './services/query-client'
import './app.scss'

// Styles of what only H5 draws (its tab bar); the mini-program build drops this branch.
if (process.env.TARO_ENV === 'h5') require('./h5.scss')

// The pages render inside this component, so providers here reach every page.
function App({ children }: PropsWithChildren) {
  return createElement(QueryClientProvider, { client: queryClient }, children)
}

export default App
