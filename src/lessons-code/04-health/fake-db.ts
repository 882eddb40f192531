// sample: section "The lab" — a fake database for trying the lab by hand; run it with node
import { createServer } from 'node:http';

type Mode = 'up' | 'down' | 'slow' | 'hanging';
let mode: Mode = 'up';
let calls = 0;
const port = Number(process.env.FAKE_DB_PORT || 5433); // the lab's default DB_URL points here

createServer((req, res) => {
  const switchTo = /^\/mode\/(up|down|slow|hanging)$/.exec(req.url ?? '')?.[1] as Mode | undefined;
  if (req.method === 'POST' && switchTo) {
    mode = switchTo;
    calls = 0; // GET /calls counts the pings since the last switch
    return res.end(`mode: ${mode}\n`);
  }
  if (req.url === '/calls') return res.end(`${calls}\n`);

  calls++;
  if (mode === 'up') return res.end('{"ok":true}');
  if (mode === 'slow') return void setTimeout(() => res.end('{"ok":true}'), 2000);
  if (mode === 'down') return void res.socket?.destroy(); // the connection drops, no answer
  // hanging: accept the request and never answer
}).listen(port, '127.0.0.1', () => console.log(`fake database on http://127.0.0.1:${port}, mode ${mode}`));
