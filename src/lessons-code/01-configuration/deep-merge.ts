// sample: section "Merging layers" — objects merged key by key, everything else replaced
type Tree = { [key: string]: unknown };

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A new tree: `over` laid on `base`. Neither input is changed. */
export function deepMerge(base: Tree, over: Tree): Tree {
  const result: Tree = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (key === '__proto__') continue; // JSON.parse makes it an ordinary key; assigning it swaps the prototype
    const below = result[key];
    result[key] = isTree(value) && isTree(below) ? deepMerge(below, value) : value;
  }
  return result;
}

/** Lowest layer first; each later layer wins. */
export function mergeLayers(layers: Tree[]): Tree {
  return layers.reduce<Tree>((result, layer) => deepMerge(result, layer), {});
}
