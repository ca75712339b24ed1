import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { normalisePhone, PersonalDataCipher } from '../../server/src/modules/privacy/personal-data-cipher'

const key = randomBytes(32)
const cipher = new PersonalDataCipher(key)

/** Flips one bit of the sealed payload at `index` (counted in the decoded bytes). */
function tamper(sealed: string, index: number): string {
  const [version, payload] = sealed.split('.') as [string, string]
  const bytes = Buffer.from(payload, 'base64url')
  bytes[index % bytes.length]! ^= 0x01
  return `${version}.${bytes.toString('base64url')}`
}

describe('PersonalDataCipher', () => {
  it('opens what it sealed, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 64 }), fc.constantFrom('phone', 'id_card', 'note'), (plain, purpose) => {
        expect(cipher.open(cipher.seal(plain, purpose), purpose)).toBe(plain)
      }),
    )
  })

  it('seals the same number differently each time (random IV) and never in clear', () => {
    const a = cipher.seal('13845675678', 'phone')
    const b = cipher.seal('13845675678', 'phone')
    expect(a).not.toBe(b)
    expect(a.startsWith('v1.')).toBe(true)
    expect(a).not.toContain('13845675678')
    expect(Buffer.from(a.slice(3), 'base64url').toString('latin1')).not.toContain('5678')
  })

  it('throws when any byte of the sealed text was altered (GCM tag)', () => {
    const sealed = cipher.seal('13845675678', 'phone')
    const length = Buffer.from(sealed.slice(3), 'base64url').length
    // IV, body and tag: a change anywhere is detected.
    for (const index of [0, 11, 12, 15, length - 16, length - 1]) {
      expect(() => cipher.open(tamper(sealed, index), 'phone')).toThrow()
    }
    expect(() => cipher.open(sealed.slice(0, -2), 'phone')).toThrow()
    expect(() => cipher.open(`v2.${sealed.slice(3)}`, 'phone')).toThrow(/unknown sealed format/)
    expect(() => cipher.open('13845675678', 'phone')).toThrow()
  })

  it('refuses to open a text sealed for another purpose, or under another key', () => {
    const sealed = cipher.seal('13845675678', 'phone')
    expect(() => cipher.open(sealed, 'id_card')).toThrow()
    expect(() => new PersonalDataCipher(randomBytes(32)).open(sealed, 'phone')).toThrow()
  })

  it('gives the same number the same look-up hash, whatever its spelling; other numbers and keys differ', () => {
    const hash = cipher.phoneHash('13845675678')
    expect(cipher.phoneHash('138-4567-5678')).toBe(hash)
    expect(cipher.phoneHash('+86 138 4567 5678')).toBe(hash)
    expect(cipher.sealPhone('13845675678').phoneHash).toBe(hash)
    expect(cipher.phoneHash('13845675679')).not.toBe(hash)
    expect(new PersonalDataCipher(randomBytes(32)).phoneHash('13845675678')).not.toBe(hash)
    // The hash depends on the purpose too: a phone hash is no use as another field's.
    expect(cipher.lookupHash('13845675678', 'id_card')).not.toBe(hash)
    expect(hash).not.toContain('5678')
  })

  it('seals a phone as cipher, hash and the last four digits, and opens it back to its digits', () => {
    const sealed = cipher.sealPhone('+86 138-4567-5678')
    expect(sealed.phoneTail).toBe('5678')
    expect(cipher.openPhone(sealed.phoneCipher)).toBe('13845675678')
    expect(cipher.openPhone(null)).toBeNull()
    // A sealed phone is not a valid sealed anything-else.
    expect(() => cipher.open(sealed.phoneCipher, 'id_card')).toThrow()
  })

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new PersonalDataCipher(randomBytes(16))).toThrow(/32 bytes/)
    expect(() => new PersonalDataCipher(Buffer.alloc(0))).toThrow(/32 bytes/)
  })
})

describe('normalisePhone', () => {
  it('keeps only digits and drops the +86 country code', () => {
    expect(normalisePhone('13845675678')).toBe('13845675678')
    expect(normalisePhone('138-4567-5678')).toBe('13845675678')
    expect(normalisePhone(' 138 4567 5678 ')).toBe('13845675678')
    expect(normalisePhone('+86 13845675678')).toBe('13845675678')
    expect(normalisePhone('8613845675678')).toBe('13845675678')
    // A landline keeps its area code; only a 13-digit 86… is a mobile with country code.
    expect(normalisePhone('0456-8200777')).toBe('04568200777')
    expect(normalisePhone('')).toBe('')
  })

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        expect(normalisePhone(normalisePhone(s))).toBe(normalisePhone(s))
      }),
    )
  })
})
