// sample: section "Run it and check it" — the lab's product store, for trying the lab by hand; run it with node
import { createServer } from 'node:http';
import { recordStore } from '../../engine/node/record-store.ts';

const port = Number(process.env.FAKE_STORE_PORT || 5434); // the lab's default STORE_URL points here
const answer = recordStore(); // the grader's own: GET and PUT /products/:id, with a version per write
let slowMs = 0;
let reads = 0;

createServer((req, res) => {
  const arrivedAt = performance.now(); // a slow read answers what the store held when it arrived
  const switchTo = /^\/mode\/(up|slow)$/.exec(req.url ?? '')?.[1];
  if (req.method === 'POST' && switchTo) {
    slowMs = switchTo === 'slow' ? 2000 : 0;
    return res.end(`mode: ${switchTo}\n`);
  }
  if (req.url === '/reads') return res.end(`${reads}\n`); // product reads since the store started
  if (req.method === 'GET') reads++;
  setTimeout(() => answer(req, res, arrivedAt), slowMs);
}).listen(port, '127.0.0.1', () => console.log(`fake product store on http://127.0.0.1:${port}`));
