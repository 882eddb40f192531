// sample: section "Invalidation across instances" — how fast pub/sub delivers, and to whom; run it with node
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { startRedis } from './redis-server.ts';

const CHANNEL = 'products:invalidated';
const server = await startRedis();
const publisher = new Redis(server.url);
const subscriber = new Redis(server.url); // instance B's listening connection

await subscriber.subscribe(CHANNEL);
const delays: number[] = [];
subscriber.on('message', (_channel: string, sentAt: string) => delays.push(performance.now() - Number(sentAt)));
for (let i = 0; i < 1000; i++) {
  await publisher.publish(CHANNEL, String(performance.now()));
  await new Promise((resolve) => setTimeout(resolve, 1));
}
await new Promise((resolve) => setTimeout(resolve, 100));
delays.sort((a, b) => a - b);
const at = (q: number) => `${delays[Math.floor(q * (delays.length - 1))]!.toFixed(2)} ms`;
console.log(`${delays.length} of 1000 delivered; publish to message: p50 ${at(0.5)}, p99 ${at(0.99)}, max ${at(1)}`);

// PUBLISH answers how many connections received it: nobody keeps a message for a listener that is away.
console.log('listeners reached while B listens:', await publisher.publish(CHANNEL, String(performance.now())));
subscriber.disconnect(); // B's connection drops; B itself may be fine
await once(subscriber, 'end');
console.log('listeners reached while B is away:', await publisher.publish(CHANNEL, String(performance.now())));

publisher.disconnect();
await server.stop();
