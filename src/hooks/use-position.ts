import { useEffect, useState } from 'react'
import { askLocationConsent, getConsentedPosition, type Position } from '../services/location'
import { locationConsent } from '../stores/privacy'

export type Located = {
  position: Position | null
  /** The user gave the app's own consent to use the position (asked before WeChat's permission). */
  consented: boolean
  /** Consent given, but WeChat gave no position (its permission refused, or the phone cannot tell). */
  failed: boolean
  /** 开启位置: asks for the consent (explaining why), then for the position. */
  enable: () => Promise<void>
}

/**
 * Where the phone is, once per visit — only after the user agreed to the app's use of the position (services/
 * location.ts); without it a list simply shows no distances, and offers to turn them on.
 */
export function usePosition(): Located {
  const consent = locationConsent.use()
  const [position, setPosition] = useState<Position | null>(null)
  const [failed, setFailed] = useState(false)
  const [attempt, setAttempt] = useState(0)
  useEffect(() => {
    if (consent !== 'granted') {
      setPosition(null)
      return
    }
    let live = true
    getConsentedPosition()
      .then((where) => {
        if (!live) return
        setPosition(where)
        setFailed(false)
      })
      .catch(() => live && setFailed(true))
    return () => {
      live = false
    }
  }, [consent, attempt])
  const enable = async () => {
    const granted = consent === 'granted'
    if (!(await askLocationConsent('stations'))) return
    // Already consented (WeChat's permission was the problem): ask WeChat again.
    if (granted) setAttempt((n) => n + 1)
  }
  return { position, consented: consent === 'granted', failed, enable }
}
