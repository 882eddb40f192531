// sample: section "Environment variables" — APP_DB__POOL_SIZE=5 becomes { db: { poolSize: "5" } }
type Tree = { [key: string]: unknown };

const PREFIX = 'APP_';

/** "POOL_SIZE" → "poolSize" */
function toCamelCase(word: string): string {
  return word.toLowerCase().replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

export function envToTree(env: Record<string, string | undefined>): Tree {
  const tree: Tree = {};
  for (const [name, value] of Object.entries(env)) {
    // APP_ENV picks the file; it is not a setting of its own.
    if (!name.startsWith(PREFIX) || name === 'APP_ENV' || value === undefined) continue;
    const path = name.slice(PREFIX.length).split('__').map(toCamelCase); // ["db", "poolSize"]
    let node = tree;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      node = typeof next === 'object' && next !== null ? (next as Tree) : (node[key] = {});
    }
    node[path.at(-1)!] = value; // still a string: the schema decides what it means
  }
  return tree;
}
