// Shell lines the CLI prints, so a user can paste them as they are.

/**
 * `export NAME=value`, single-quoting the value when a POSIX shell would interpret any of it.
 *
 * @example
 * shellExport("ACME_BASE_URL", "http://127.0.0.1:8787/acme"); // "export ACME_BASE_URL=http://127.0.0.1:8787/acme"
 */
export function shellExport(name: string, value: string): string {
  const safe = /^[A-Za-z0-9_./:@%+=,-]+$/.test(value);
  return `export ${name}=${safe ? value : `'${value.replace(/'/g, "'\\''")}'`}`;
}
