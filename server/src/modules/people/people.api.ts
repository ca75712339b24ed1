import type { Db, Queryable, Tx } from '../../db/client'
import { formatAddress } from './people.domain'
import * as repo from './people.repository'

/*
 * What other modules ask of the people module, which owns persons, households, their buildings and grids, and the
 * accounts that stand for them: a household's address, a person, whether a community exists, the lock on an
 * account. Other modules do not join those tables for these themselves.
 */

/** A household's place, from its community down to the flat, and the same joined for display. */
export type Address = {
  householdId: number
  communityId: number
  communityName: string
  gridId: number
  gridName: string
  estate: string
  building: string
  unitNo: string
  roomNo: string
  /** 联通社区 第三网格 联通小区 3号楼 2单元 301 */
  text: string
}

export async function addressesOf(db: Queryable, householdIds: number[]): Promise<Map<number, Address>> {
  const rows = await repo.householdsWithAddress(db, [...new Set(householdIds)])
  return new Map(rows.map((h) => [h.id, toAddress(h)]))
}

function toAddress(h: repo.HouseholdWithAddress): Address {
  return {
    householdId: h.id,
    communityId: h.communityId,
    communityName: h.communityName,
    gridId: h.gridId,
    gridName: h.gridName,
    estate: h.estate,
    building: h.building,
    unitNo: h.unitNo,
    roomNo: h.roomNo,
    text: formatAddress({ community: h.communityName, grid: h.gridName, estate: h.estate, building: h.building, unitNo: h.unitNo, roomNo: h.roomNo }),
  }
}

export async function addressOf(db: Db, householdId: number): Promise<Address | null> {
  const row = await repo.householdWithAddress(db, householdId)
  return row ? toAddress(row) : null
}

/** A person as other modules see them: name, household, community, the sealed phone. */
export type PersonRef = repo.PersonRow

export async function findPersonRef(db: Queryable, personId: number): Promise<PersonRef | null> {
  return repo.findPerson(db, personId)
}

export async function personRefs(db: Queryable, personIds: number[]): Promise<PersonRef[]> {
  return repo.findPersons(db, [...new Set(personIds)])
}

/** How many people live in the household (those of deleted accounts no longer count). */
export async function householdMemberCount(db: Db, householdId: number): Promise<number> {
  return repo.countHouseholdMembers(db, householdId)
}

export async function communityExists(db: Queryable, communityId: number): Promise<boolean> {
  return repo.communityExists(db, communityId)
}

export type CommunityRef = { id: number; name: string; subdistrictName: string; districtName: string }

/** A community with its 街道 and district; undefined when there is none. */
export async function findCommunityRef(db: Queryable, communityId: number): Promise<CommunityRef | undefined> {
  return repo.findCommunityRef(db, communityId)
}

/** The WeChat openid of an account, null for one without (a demo persona, a deleted account). */
export async function openidOf(db: Queryable, userId: number): Promise<string | null> {
  return repo.findOpenid(db, userId)
}

/** A person with the name of their community and, when they live in a household, its address. */
export async function personWithAddress(db: Queryable, personId: number): Promise<{ person: PersonRef; communityName: string; address: Address | null } | null> {
  const person = await repo.findPerson(db, personId)
  if (!person) return null
  const [community, address] = await Promise.all([repo.findCommunity(db, person.communityId), person.householdId === null ? null : addressOf(db, person.householdId)])
  return { person, communityName: community!.name, address }
}

/**
 * The account's row, locked (FOR UPDATE): what is counted per account (active claims, bookings, a deletion's
 * open commitments) is counted one transaction at a time. Every path locks the account before anything else.
 */
export async function lockAccount(tx: Tx, userId: number) {
  return repo.lockUser(tx, userId)
}

/** Several accounts locked in id order, leaving them free for inserts that reference them (a sweep's batch). */
export async function lockAccounts(tx: Tx, userIds: number[]) {
  await repo.lockUsers(tx, userIds)
}
