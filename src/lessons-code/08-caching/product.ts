// sample: the lab's data, for the experiments — a product, as the slow store returns it
export interface Product {
  id: string;
  name: string;
  priceCents: number;
  version: number;
}

/** A product of about the size a catalogue page shows: half a kilobyte of JSON. */
export function sampleProduct(id: string): Product {
  return { id, name: `Product ${id}: ${'a fine thing, '.repeat(30).trim()}`, priceCents: 1999, version: 1 };
}
