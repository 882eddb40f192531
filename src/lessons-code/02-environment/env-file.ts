// sample: section "Node reads .env itself" — the three built-in ways to use a .env file
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

// 1. Into process.env, like `node --env-file=.env`. Throws ENOENT if the file is missing.
//    A variable already set in the environment keeps its value.
process.loadEnvFile('.env');

// 2. Into a plain object, leaving process.env alone: you decide what to do with it.
const fromFile = parseEnv(readFileSync('.env', 'utf8'));

console.log(Object.keys(fromFile)); // names only: the values may be secrets
