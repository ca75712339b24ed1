// The WeChat build renders with Preact (docs/adr/0010-preact-in-the-mini-program.md). Taro's mini-program runtime
// reads `ReactDOM.createRoot` from plain 'react-dom' when the React version says 18 (preact/compat says 18.3.1), but
// Taro maps 'react-dom' to preact/compat, which keeps createRoot in preact/compat/client (NervJS/taro#17641). This
// module is 'react-dom' for that build: preact/compat with the two roots added.
import compat from 'preact/compat'
import { createRoot, hydrateRoot } from 'preact/compat/client'

export * from 'preact/compat'
export { createRoot, hydrateRoot }
export default { ...compat, createRoot, hydrateRoot }
