// sample: section "A real variable beats .env" — a loader that gets precedence backwards (don't copy it)
import { readFileSync } from 'node:fs';

for (const line of readFileSync('.env', 'utf8').split('\n')) {
  const match = /^\s*([A-Za-z_]\w*)\s*=\s*(.*?)\s*$/.exec(line);
  // Assigns every line: `LOG_LEVEL=warn npm run dev` silently runs at whatever .env says.
  if (match) process.env[match[1]!] = match[2];
}
