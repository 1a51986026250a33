/**
 * What the binary does when its own output cannot be written. Node reports a failed write to
 * stdout as an `error` event; unhandled, it crashes the process with a stack trace and status 1.
 */

/** The part of a Node output stream this needs. */
export interface OutputStream {
  on(event: "error", listener: (err: NodeJS.ErrnoException) => void): unknown;
  write(text: string, callback?: (err?: Error | null) => void): unknown;
}

/**
 * Handles write errors on stdout and stderr once and for all:
 * - stdout closed by the reader (`EPIPE`, as in `polyprompt get … | head -1` or `| true`): the
 *   reader wanted no more, which is not a failure, so exit 0 without a word;
 * - any other stdout error (`ENOSPC` on a full disk, `EIO`, …): one line on stderr, exit 1;
 * - stderr closed: carry on silently (stdout may still be read); another stderr error: exit 1,
 *   as there is nobody left to tell.
 *
 * @example
 * handleOutputErrors(process.stdout, process.stderr, (code) => process.exit(code));
 * // `program` prefixes the one line: "tour: cannot write to stdout: ENOSPC: …"
 * handleOutputErrors(process.stdout, process.stderr, (code) => process.exit(code), "tour");
 */
export function handleOutputErrors(stdout: OutputStream, stderr: OutputStream, exit: (code: number) => void, program = "polyprompt"): void {
  let exiting = false;
  const finish = (code: number) => {
    if (exiting) return;
    exiting = true;
    exit(code);
  };
  stdout.on("error", (err) => {
    if (exiting) return;
    if (err.code === "EPIPE") return finish(0);
    try {
      stderr.write(`${program}: cannot write to stdout: ${err.message}\n`, () => finish(1));
    } catch {
      finish(1);
    }
  });
  stderr.on("error", (err) => {
    if (err.code !== "EPIPE") finish(1);
  });
}
