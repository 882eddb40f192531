// sample: section "Jitter" — when 10,000 entries written in one second expire; run it with node
import { jittered } from './jitter.ts';

const KEYS = 10_000;
const TTL_MS = 60_000;

/** Store reads per second to refill every entry once it expires, at the busiest second. */
function busiestSecond(ttl: () => number) {
  const perSecond = new Map<number, number>();
  for (let i = 0; i < KEYS; i++) {
    const writtenAt = Math.random() * 1000; // a cold cache filled in the first second after a deploy
    const second = Math.floor((writtenAt + ttl()) / 1000);
    perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
  }
  const seconds = [...perSecond.keys()];
  return { peak: Math.max(...perSecond.values()), spreadOver: Math.max(...seconds) - Math.min(...seconds) + 1 };
}

for (const [name, ttl] of [
  ['no jitter', () => TTL_MS],
  ['±10 %', () => jittered(TTL_MS, 0.1)],
  ['±25 %', () => jittered(TTL_MS, 0.25)],
] as const) {
  const { peak, spreadOver } = busiestSecond(ttl);
  console.log(`${name.padEnd(10)} expiries spread over ${String(spreadOver).padStart(2)} s, busiest second ${peak}`);
}
