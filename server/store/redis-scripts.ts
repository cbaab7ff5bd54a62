// Lua scripts run atomically inside Redis: no other node's command can interleave, so the
// seq guard and the writes it protects are one step, and the AOF records them as one unit.

/**
 * Append. KEYS: head, log. ARGV: expected seq, then one event JSON per new seq.
 * Returns {1, newHead} when written, {0, actualHead} when the head is not the expected one.
 * The stream's last entry is checked too, so a head key out of step (restored by hand, say)
 * is corrected instead of making XADD fail halfway through the batch.
 */
export const APPEND_SCRIPT = `
local head = tonumber(redis.call('GET', KEYS[1]) or '0')
local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)[1]
if last then
  local lastSeq = tonumber(string.match(last[1], '^(%d+)'))
  if lastSeq > head then head = lastSeq end
end
local expected = tonumber(ARGV[1])
if head ~= expected then return {0, head} end
for i = 2, #ARGV do
  redis.call('XADD', KEYS[2], (expected + i - 1) .. '-0', 'e', ARGV[i])
end
local newHead = expected + #ARGV - 1
redis.call('SET', KEYS[1], newHead)
return {1, newHead}
`;

/**
 * Save a snapshot unless a newer one is there (several nodes take them). The stream is not trimmed:
 * it is the system of record, as the journal with its archive is. KEYS: snapshot. ARGV: seq, json.
 * Returns 1 if stored.
 */
export const SNAPSHOT_SCRIPT = `
local current = tonumber(redis.call('HGET', KEYS[1], 'seq') or '-1')
local seq = tonumber(ARGV[1])
if seq <= current then return 0 end
redis.call('HSET', KEYS[1], 'seq', ARGV[1], 'data', ARGV[2])
return 1
`;

/** Parses the append script's reply. */
export function parseAppendReply(reply: unknown): { written: boolean; head: number } {
  if (!Array.isArray(reply) || reply.length !== 2) throw new Error('unexpected append script reply');
  const [flag, head] = reply as [unknown, unknown];
  if (typeof flag !== 'number' || typeof head !== 'number') throw new Error('unexpected append script reply');
  return { written: flag === 1, head };
}
