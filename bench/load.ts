import autocannon from 'autocannon'

/**
 * autocannon in a worker thread: the load generator gets an event loop of its own, as a client elsewhere would,
 * instead of sharing the main thread with the server it measures (the benches run the app in their own process).
 */
export function loadTest(options: autocannon.Options) {
  return autocannon({ ...options, workers: 1 })
}

/** What one load test measured. */
export type LoadResult = autocannon.Result
