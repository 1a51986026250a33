/**
 * Reads one environment variable where the runtime has `process.env` (Node, Bun, Deno's Node
 * compatibility), and nothing elsewhere (browsers, workers): the core imports no Node module.
 *
 * @example
 * const key = readEnv("ACME_API_KEY"); // undefined in a browser
 */
export function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name];
  return typeof value === "string" ? value : undefined;
}
