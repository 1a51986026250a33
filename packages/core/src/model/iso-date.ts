/**
 * A timestamp in ISO 8601. Vendors send several formats (`2024-01-16 16:45:00+00`, ISO with
 * or without milliseconds); anything `Date.parse` can't read is kept as the vendor sent it.
 */
export function isoDate(value: string): string {
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}
