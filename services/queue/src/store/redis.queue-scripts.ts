import type { Redis } from 'ioredis';

/**
 * The Lua scripts of the Redis queue store. Each runs atomically on the server, which is what
 * makes numbering and sequencing safe with several service instances on one Redis. Defined
 * with `defineCommand`, so ioredis sends EVALSHA and falls back to EVAL after a restart that
 * emptied the script cache.
 */

/**
 * KEYS: the day's order → number hash, the day's counter. ARGV: order id, keep seconds, the
 * number given by the orders service ('' when none). A given number is the order's and the
 * counter is raised to cover it; otherwise an order that already has a number keeps it, and
 * a new one takes the next.
 */
const ASSIGN_NUMBER = `
if ARGV[3] ~= '' then
  local given = tonumber(ARGV[3])
  redis.call('HSET', KEYS[1], ARGV[1], given)
  if given > tonumber(redis.call('GET', KEYS[2]) or '0') then redis.call('SET', KEYS[2], given) end
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  redis.call('EXPIRE', KEYS[2], ARGV[2])
  return given
end
local number = redis.call('HGET', KEYS[1], ARGV[1])
if number then return tonumber(number) end
number = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], ARGV[1], number)
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return number
`;

/**
 * KEYS: the sequence counter, the stream. ARGV: message JSON, appended-at (ms), cutoff (ms),
 * floor (the highest seq the calling instance has seen). The seq is above the floor: if Redis
 * lost its data (a restart without persistence, FLUSHDB) under running instances, the stream
 * goes on after what they and their clients saw instead of handing out 1, 2, 3 again, which
 * tails waiting after the old seq would never read and clients would take for old news.
 * The entry id is "<seq>-1", so a sequence number is also a stream position. Entries appended
 * before the cutoff are trimmed from the front; the new one never is, so the stream is never
 * empty once used and its first entry tells how far back a replay can go.
 */
const APPEND_STREAM = `
local function appended_at(entry)
  local fields = entry[2]
  for i = 1, #fields, 2 do
    if fields[i] == 't' then return tonumber(fields[i + 1]) end
  end
  return 0
end

local seq = redis.call('INCR', KEYS[1])
local floor = tonumber(ARGV[4])
if seq <= floor then
  seq = floor + 1
  redis.call('SET', KEYS[1], seq)
end
local added = redis.pcall('XADD', KEYS[2], seq .. '-1', 't', ARGV[2], 'm', ARGV[1])
if type(added) == 'table' and added.err then
  -- The counter was lost (evicted, deleted) but the stream was not: go on after its last entry.
  local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)[1]
  if not last then return redis.error_reply(added.err) end
  seq = tonumber(string.match(last[1], '^%d+')) + 1
  redis.call('SET', KEYS[1], seq)
  redis.call('XADD', KEYS[2], seq .. '-1', 't', ARGV[2], 'm', ARGV[1])
end

local cutoff = tonumber(ARGV[3])
local oldest = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)[1]
if appended_at(oldest) < cutoff then
  local from = '-'
  while true do
    local batch = redis.call('XRANGE', KEYS[2], from, '+', 'COUNT', 100)
    for _, entry in ipairs(batch) do
      if appended_at(entry) >= cutoff then
        redis.call('XTRIM', KEYS[2], 'MINID', entry[1])
        return seq
      end
    end
    from = '(' .. batch[#batch][1]
  end
end
return seq
`;

/**
 * KEYS: the entries hash, the active set. ARGV: order id, entry JSON, its status rank, active
 * ('1' or '0'). Saves unless the stored entry is further along (a higher status rank): two
 * instances handling one order's events at once cannot put it back. Returns 1 if saved.
 */
const SAVE_ENTRY = `
local ranks = { waiting = 0, preparing = 1, ready = 2, completed = 3 }
local stored = redis.call('HGET', KEYS[1], ARGV[1])
if stored then
  local ok, current = pcall(cjson.decode, stored)
  if ok and ranks[current.status] and ranks[current.status] > tonumber(ARGV[3]) then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if ARGV[4] == '1' then redis.call('SADD', KEYS[2], ARGV[1]) else redis.call('SREM', KEYS[2], ARGV[1]) end
return 1
`;

export interface QueueScripts {
  saveQueueEntry(entriesKey: string, activeKey: string, orderId: number, json: string, rank: number, active: '1' | '0'): Promise<number>;
  assignQueueNumber(numbersKey: string, counterKey: string, orderId: number, keepSeconds: number, given: number | ''): Promise<number>;
  appendQueueStream(seqKey: string, streamKey: string, json: string, appendedAt: number, cutoff: number, floor: number): Promise<number>;
}

export function defineQueueScripts(redis: Redis): Redis & QueueScripts {
  redis.defineCommand('assignQueueNumber', { numberOfKeys: 2, lua: ASSIGN_NUMBER });
  redis.defineCommand('appendQueueStream', { numberOfKeys: 2, lua: APPEND_STREAM });
  redis.defineCommand('saveQueueEntry', { numberOfKeys: 2, lua: SAVE_ENTRY });
  return redis as Redis & QueueScripts;
}
