import { EventEmitter } from "node:events";
import { describe, expect, test } from "vitest";
import { handleOutputErrors } from "./output-errors.js";

class FakeStream extends EventEmitter {
  written: string[] = [];
  write(text: string, callback?: (err?: Error | null) => void): boolean {
    this.written.push(text);
    callback?.();
    return true;
  }
}

const failure = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: it failed, write`), { code });

function setUp() {
  const stdout = new FakeStream();
  const stderr = new FakeStream();
  const exits: number[] = [];
  handleOutputErrors(stdout, stderr, (code) => exits.push(code));
  return { stdout, stderr, exits };
}

describe("handleOutputErrors", () => {
  test("EPIPE on stdout exits 0 without a word", () => {
    const { stdout, stderr, exits } = setUp();
    stdout.emit("error", failure("EPIPE"));
    expect(exits).toEqual([0]);
    expect(stderr.written).toEqual([]);
  });

  test("another stdout error says one line on stderr and exits 1, once", () => {
    const { stdout, stderr, exits } = setUp();
    stdout.emit("error", failure("ENOSPC"));
    stdout.emit("error", failure("ENOSPC"));
    expect(exits).toEqual([1]);
    expect(stderr.written).toEqual(["polyprompt: cannot write to stdout: ENOSPC: it failed, write\n"]);
  });

  test("a closed stderr is ignored; another stderr error exits 1", () => {
    const { stderr, exits } = setUp();
    stderr.emit("error", failure("EPIPE"));
    expect(exits).toEqual([]);
    stderr.emit("error", failure("EIO"));
    expect(exits).toEqual([1]);
  });
});
