// Regression tests for the emulator's robustness (issue 11, finding 11): a hostile request line,
// an incomplete state file and a failed save must neither end the process nor leave memory and
// disk disagreeing.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SEED, startEmulator, type Emulator } from "./index.js";
import { helicone, tela } from "./__fixtures__/harness.js";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "polyprompt-emulator-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Sends `text` verbatim over a fresh TCP connection and resolves with everything the server wrote back. */
function rawRequest(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(text));
    let out = "";
    socket.on("data", (chunk: Buffer) => (out += chunk.toString()));
    socket.on("close", () => resolve(out));
    socket.on("error", reject);
  });
}

describe("hostile request lines", () => {
  it.each(["GET http://[ HTTP/1.1", "GET http://[::1 HTTP/1.1", "GET //[ HTTP/1.1"])(
    "answers 400 to %j and keeps serving",
    async (line) => {
      const emu = await startEmulator();
      try {
        const answer = await rawRequest(emu.url, `${line}\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
        expect(answer).toMatch(/^HTTP\/1\.1 400 /);
        expect((await tela(emu).get(`/prompt/${SEED.tela.docAnalysis.promptId}`)).status).toBe(200);
      } finally {
        await emu.close();
      }
    },
  );
});

describe("state file validation", () => {
  const refused = async (content: unknown, message: RegExp) => {
    const file = join(tempDir(), "state.json");
    writeFileSync(file, JSON.stringify(content));
    await expect(startEmulator({ dataFile: file })).rejects.toThrow(message);
  };
  const valid = () => JSON.parse(JSON.stringify({ format: "polyprompt-emulator/1", ...startState() }));
  let seeded: Emulator["state"] | undefined;
  const startState = () => {
    if (!seeded) throw new Error("call loadSeedState() first");
    const { format: _format, ...rest } = seeded();
    return rest;
  };
  const loadSeedState = async () => {
    const emu = await startEmulator();
    const state = emu.state();
    await emu.close();
    seeded = () => structuredClone(state);
  };

  it("refuses a file with only the format", async () => {
    await refused({ format: "polyprompt-emulator/1" }, /state\.json.*counter/);
  });

  it("refuses a vendor's slice that is null or malformed, naming the vendor and the field", async () => {
    await loadSeedState();
    await refused({ ...valid(), helicone: null }, /state\.json.*helicone/);
    const badRow = valid();
    badRow.tela.versions[0].messages = "nope";
    await refused(badRow, /state\.json.*tela.*versions\/0\/messages/);
    const badCounter = { ...valid(), counter: -1 };
    await refused(badCounter, /state\.json.*counter/);
  });

  it("starts a vendor missing from the file (one added after the file was written) empty", async () => {
    await loadSeedState();
    const { tela: _tela, ...withoutTela } = valid();
    const file = join(tempDir(), "state.json");
    writeFileSync(file, JSON.stringify(withoutTela));
    const emu = await startEmulator({ dataFile: file });
    try {
      expect(emu.state().tela.prompts).toEqual([]);
      expect((await helicone(emu).get(`/v1/prompt-2025/id/${SEED.helicone.supportAgent.promptId}`)).status).toBe(200);
    } finally {
      await emu.close();
    }
  });
});

describe("a failed save", () => {
  it("answers 500, and memory rolls back to what is on disk", async () => {
    const dir = tempDir();
    const parent = join(dir, "sub");
    const file = join(parent, "state.json");
    const emu = await startEmulator({ dataFile: file });
    try {
      const h = helicone(emu);
      const id = SEED.helicone.supportAgent.promptId;
      const renamed = await h.post(`/v1/prompt-2025/id/${id}/rename`, { name: "Saved" });
      expect(renamed.status).toBe(200);
      const saved = readFileSync(file, "utf8");
      const before = emu.state();

      // The state file's directory becomes a plain file: every save now fails.
      rmSync(parent, { recursive: true });
      writeFileSync(parent, "not a directory");

      const failed = await h.post(`/v1/prompt-2025/id/${id}/rename`, { name: "Lost" });
      expect(failed.status).toBe(500);
      expect((await h.get(`/v1/prompt-2025/id/${id}`)).json.data.name).toBe("Saved");
      const created = await h.post("/v1/prompt-2025", { name: "Lost too", tags: [], promptBody: { model: "gpt-4o" } });
      expect(created.status).toBe(500);
      expect(emu.state()).toEqual(before);
      // A reset that cannot be saved throws and keeps the state too.
      expect(() => emu.reset()).toThrow();
      expect(emu.state()).toEqual(before);

      // Once the directory is back, writes are saved again, from the rolled-back state.
      rmSync(parent);
      mkdirSync(parent);
      writeFileSync(file, saved);
      expect((await h.post(`/v1/prompt-2025/id/${id}/rename`, { name: "Saved again" })).status).toBe(200);
      expect(JSON.parse(readFileSync(file, "utf8")).counter).toBe(before.counter);
    } finally {
      await emu.close();
    }
  });
});
