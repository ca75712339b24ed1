import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'

/** What a phone number becomes at rest: the sealed number, a look-up hash and the four digits shown in masks. */
export type SealedPhone = { phoneCipher: string; phoneHash: string; phoneTail: string }

const VERSION = 'v1'
const IV_BYTES = 12
const TAG_BYTES = 16

/**
 * Personal data at rest (PIPL): AES-256-GCM with a key derived from DATA_KEY, and an HMAC under a second derived
 * key so a number can be found without decrypting every row. The sealed form names its version, so a later key
 * or algorithm can be introduced beside this one and rows re-sealed at leisure.
 */
export class PersonalDataCipher {
  private readonly encryptionKey: Buffer
  private readonly lookupKey: Buffer

  /** `dataKey`: 32 random bytes (DATA_KEY, base64). */
  constructor(dataKey: Buffer) {
    if (dataKey.length !== 32) throw new Error(`DATA_KEY must be 32 bytes, got ${dataKey.length}`)
    this.encryptionKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'doorstep personal data: encryption', 32))
    this.lookupKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'doorstep personal data: lookup hash', 32))
  }

  /** `purpose` is authenticated with the text: a sealed phone cannot be passed off as another kind of field. */
  seal(plain: string, purpose: string): string {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv)
    cipher.setAAD(Buffer.from(purpose))
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`
  }

  /** Throws if the text was altered, sealed under another key or for another purpose. */
  open(sealed: string, purpose: string): string {
    const [version, payload] = sealed.split('.', 2)
    if (version !== VERSION || !payload) throw new Error(`unknown sealed format ${version}`)
    const raw = Buffer.from(payload, 'base64url')
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, raw.subarray(0, IV_BYTES))
    decipher.setAAD(Buffer.from(purpose))
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES))
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8')
  }

  /** A keyed hash for equality look-ups; the same value always gives the same hash under one key. */
  lookupHash(value: string, purpose: string): string {
    return createHmac('sha256', this.lookupKey).update(`${purpose}\0${value}`).digest('base64url')
  }

  /** A phone number as stored: digits only, sealed, hashed, and its last four digits. */
  sealPhone(phone: string): SealedPhone {
    const digits = normalisePhone(phone)
    return { phoneCipher: this.seal(digits, 'phone'), phoneHash: this.phoneHash(digits), phoneTail: digits.slice(-4) }
  }

  openPhone(phoneCipher: string): string
  openPhone(phoneCipher: string | null): string | null
  openPhone(phoneCipher: string | null): string | null {
    return phoneCipher === null ? null : this.open(phoneCipher, 'phone')
  }

  phoneHash(phone: string): string {
    return this.lookupHash(normalisePhone(phone), 'phone')
  }
}

/** 138-0456-5678, +86 13804565678 and 13804565678 are one number. */
export function normalisePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '')
  return digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits
}
