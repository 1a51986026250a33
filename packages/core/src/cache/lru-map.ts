/**
 * An LRU map bounded by `maxEntries`: the least recently used key leaves first.
 * Used for the default store and for compiled templates.
 */
export class LruMap<K, V> {
  readonly #map = new Map<K, V>();
  constructor(readonly maxEntries: number) {
    if (!(maxEntries >= 1)) throw new RangeError("maxEntries must be at least 1");
  }
  get size(): number {
    return this.#map.size;
  }
  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, value);
    }
    return value;
  }
  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.maxEntries) this.#map.delete(this.#map.keys().next().value as K);
  }
  delete(key: K): void {
    this.#map.delete(key);
  }
  clear(): void {
    this.#map.clear();
  }
}
