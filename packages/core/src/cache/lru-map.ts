/**
 * An LRU map bounded by `maxEntries`: the least recently used key leaves first.
 * Used for the default store and for compiled templates.
 */
export class LruMap<K, V> {
  readonly #map = new Map<K, V>();
  /** The most recently used key: asking for it again needs no reordering (the warm path's common case). */
  #newest: K | undefined;
  constructor(readonly maxEntries: number) {
    if (!(maxEntries >= 1)) throw new RangeError("maxEntries must be at least 1");
  }
  get size(): number {
    return this.#map.size;
  }
  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined && key !== this.#newest) {
      this.#map.delete(key);
      this.#map.set(key, value);
      this.#newest = key;
    }
    return value;
  }
  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    this.#newest = key;
    if (this.#map.size > this.maxEntries) this.#map.delete(this.#map.keys().next().value as K);
  }
  delete(key: K): void {
    this.#map.delete(key);
    if (key === this.#newest) this.#newest = undefined;
  }
  /** The keys, least recently used first; reading them does not reorder. */
  keys(): IterableIterator<K> {
    return this.#map.keys();
  }
  clear(): void {
    this.#map.clear();
    this.#newest = undefined;
  }
}
