// sample: section "Cache the answer, briefly" — the experiment; run it with node
import { setTimeout as sleep } from 'node:timers/promises';
import { sharedCheck } from './single-flight.ts';
import { cacheFor } from './ttl-cache.ts';

/** A stand-in for db.ping(): takes 100 ms and counts how often it is called. */
function countingPing() {
  const ping = async () => {
    ping.calls++;
    await sleep(100);
    return 'up';
  };
  ping.calls = 0;
  return ping;
}

const strategies = {
  'no cache': (check: () => Promise<string>) => check,
  'cache, 1 s': (check: () => Promise<string>) => cacheFor(check, 1000),
  'cache + single flight, 1 s': (check: () => Promise<string>) => sharedCheck(check, 1000),
};

for (const [name, wrap] of Object.entries(strategies)) {
  const ping = countingPing();
  const probe = wrap(ping);
  await Promise.all(Array.from({ length: 50 }, () => probe())); // 50 probes arrive together
  await sleep(200);
  await Promise.all(Array.from({ length: 50 }, () => probe())); // and 50 more, 300 ms later
  console.log(`${name.padEnd(28)} ${String(ping.calls).padStart(3)} pings for 100 probes`);
}
