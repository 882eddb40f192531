// sample: section "Versions: a fill that cannot undo a write" — a generation per key, bumped by every write
import type { Redis } from 'ioredis';

const generationOf = (key: string) => `${key}:gen`;
/** Outlives any store read by far; an expired generation reads as '0' again. */
const GENERATION_TTL_MS = 24 * 60 * 60 * 1000;

/** Sets the value only if no write has bumped the generation since the reader saw `seen`; atomic in Redis. */
const FILL_IF_UNCHANGED = `
local current = redis.call('GET', KEYS[2]) or '0'
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

/** The cached value and the generation it belongs to, in one round trip. */
export async function readWithGeneration(l2: Redis, key: string) {
  const [value, generation] = await l2.mget(key, generationOf(key));
  return { value, generation: generation ?? '0' };
}

/** Called with the generation read before the store was asked: refuses to write back an older value. */
export async function fillIfUnchanged(l2: Redis, key: string, seen: string, value: string, ttlMs: number) {
  return (await l2.eval(FILL_IF_UNCHANGED, 2, key, generationOf(key), seen, value, ttlMs)) === 1;
}

/** The write side, once the store has the new value: bump the generation, then delete, in one transaction. */
export async function invalidateAfterWrite(l2: Redis, key: string) {
  await l2.multi().incr(generationOf(key)).pexpire(generationOf(key), GENERATION_TTL_MS).del(key).exec();
}
