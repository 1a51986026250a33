/**
 * Measures, inside a fresh Node process, how long `await import(…)` of the given specifiers
 * takes. Prints `{"ms": …}` on stdout. Resolution starts from this file (apps/bench/dist).
 */
const specifiers = process.argv.slice(2);
const t0 = performance.now();
for (const specifier of specifiers) await import(specifier);
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ ms }));
