import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { SEED, startEmulator, type Emulator } from "./index.js";
import { helicone, tela } from "./__fixtures__/harness.js";
import { vendorModules } from "./vendor-table.js";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "polyprompt-emulator-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("persistence with dataFile", () => {
  it("writes the whole state after each write, atomically, and a restart sees the writes", async () => {
    const dir = tempDir();
    const file = join(dir, "state.json");
    let emu: Emulator = await startEmulator({ dataFile: file });
    let created: { id: string; versionId: string };
    try {
      // Reads do not write; nothing exists before the first write.
      await helicone(emu).get("/v1/prompt-2025/tags");
      expect(existsSync(file)).toBe(false);

      created = (await helicone(emu).post("/v1/prompt-2025", { name: "Persisted", tags: ["p"], promptBody: { model: "gpt-4o" } })).json
        .data;
      const inode = statSync(file).ino;
      const publish = await tela(emu).post("/environment/publish-by-name", {
        resourceType: "prompt",
        resourceId: SEED.tela.docAnalysis.promptId,
        envName: "production",
        versionId: SEED.tela.docAnalysis.versions.v5,
      });
      expect(publish.status).toBe(200);
      // Replaced by a rename, not rewritten in place; no temp file is left behind.
      expect(statSync(file).ino).not.toBe(inode);
      expect(readdirSync(dir)).toEqual(["state.json"]);
      const onDisk = JSON.parse(readFileSync(file, "utf8"));
      expect(onDisk.format).toBe("polyprompt-emulator/1");
      expect(onDisk.helicone.prompts.map((p: { name: string }) => p.name)).toContain("Persisted");

      // A failed write (validation) does not touch the file.
      const before = readFileSync(file, "utf8");
      expect((await helicone(emu).post("/v1/prompt-2025", { name: 1 })).status).toBe(400);
      expect(readFileSync(file, "utf8")).toBe(before);
    } finally {
      await emu.close();
    }

    emu = await startEmulator({ dataFile: file });
    try {
      const prompt = await helicone(emu).get(`/v1/prompt-2025/id/${created.id}`);
      expect(prompt.json.data.name).toBe("Persisted");
      const live = await tela(emu).get(`/prompt/${SEED.tela.docAnalysis.promptId}/promoted-version`);
      expect(live.json.id).toBe(SEED.tela.docAnalysis.versions.v5);
      // New ids keep coming from where the previous run stopped: no collision.
      const next = (await helicone(emu).post("/v1/prompt-2025", { name: "Second", tags: [], promptBody: {} })).json.data;
      expect(next.versionId).not.toBe(created.versionId);
      // Reset goes back to the seed data and persists it.
      emu.reset();
      expect(JSON.parse(readFileSync(file, "utf8")).helicone.prompts).toHaveLength(4);
    } finally {
      await emu.close();
    }
  });

  it("refuses a file that is not an emulator state file", async () => {
    const file = join(tempDir(), "other.json");
    writeFileSync(file, JSON.stringify({ hello: "world" }));
    await expect(startEmulator({ dataFile: file })).rejects.toThrow(/not an emulator state file/);
  });
});

/** Node's default `server.keepAliveTimeout`: how long a server left to itself waits on an idle keep-alive socket. */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

/** Whether `promise` settles before `ms` pass (bounds here are fractions of the hang they detect, not guesses at speed). */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

describe("close()", () => {
  it("does not hang on keep-alive connections", async () => {
    const emu = await startEmulator();
    const agent = new Agent({ keepAlive: true });
    try {
      // A node:http keep-alive socket, and fetch's (undici) pooled one.
      await new Promise<void>((resolve, reject) => {
        request(`${emu.urlFor("tela")}/prompt`, { agent, headers: { authorization: `Bearer ${emu.apiKeys.tela}` } }, (res) => {
          res.resume();
          res.on("end", resolve);
        })
          .on("error", reject)
          .end();
      });
      await (await fetch(`${emu.urlFor("tela")}/prompt`, { headers: { authorization: `Bearer ${emu.apiKeys.tela}` } })).text();
      // Left to itself, the server would wait for the sockets' keep-alive timeout (5 s by default).
      expect(await settlesWithin(emu.close(), KEEP_ALIVE_TIMEOUT_MS)).toBe(true);
      await emu.close(); // idempotent
    } finally {
      agent.destroy();
    }
  });

  it("ends requests held by a latency fault", async () => {
    const emu = await startEmulator();
    const latencyMs = 120_000;
    emu.faults.add({ latencyMs });
    const pending = fetch(`${emu.urlFor("tela")}/prompt`, { headers: { authorization: `Bearer ${emu.apiKeys.tela}` } });
    pending.catch(() => {});
    // Wait until the request is held by the fault (no fixed sleep: the machine may be slow).
    while (emu.requests.total() === 0) await new Promise((r) => setTimeout(r, 5));
    // A tenth of the injected delay: far above the time close() takes, far below the hold.
    expect(await settlesWithin(emu.close(), latencyMs / 10)).toBe(true);
    await expect(pending).rejects.toThrow();
  });
});

describe("CLI", () => {
  const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
  const built = existsSync(cli);

  it.skipIf(!built)("prints the URLs and keys, serves, and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, [cli, "--port", "0", "--seed", "3", "--quiet"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      let out = "";
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m && out.includes("Press Ctrl+C")) resolve(m[1]!);
        });
        child.on("exit", (code) => reject(new Error(`exited with ${code}: ${out}`)));
      });
      expect(out).toContain("sk-helicone-emulator-0000");
      expect(out).toContain("tela-emulator-key-0000");
      expect(out).toContain(`${url}/helicone`);
      // Every vendor's client environment, ready to paste into a shell.
      expect(out).toContain(`export HELICONE_API_KEY=sk-helicone-emulator-0000\n`);
      expect(out).toContain(`export TELA_BASE_URL=${url}/tela\n`);
      for (const vendor of vendorModules) {
        for (const [name, value] of Object.entries(vendor.clientEnv(`${url}/${vendor.name}`, vendor.defaultKey))) {
          expect(out).toContain(`  export ${name}=${value}\n`);
        }
      }
      const res = await fetch(`${url}/tela/prompt/${SEED.tela.docAnalysis.promptId}`, {
        headers: { authorization: "Bearer tela-emulator-key-0000" },
      });
      expect(res.status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it.skipIf(!built)("refuses an incomplete state file with one line on stderr and a non-zero exit", async () => {
    const file = join(tempDir(), "state.json");
    writeFileSync(file, JSON.stringify({ format: "polyprompt-emulator/1" }));
    const child = spawn(process.execPath, [cli, "--port", "0", "--quiet", "--data", file], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err.trimEnd().split("\n")).toHaveLength(1);
    expect(err).toContain(file);
    expect(err).toMatch(/counter/);
  });

  it.skipIf(!built)("--help prints usage; a bad flag exits 2", async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        child.stdout.on("data", (c: Buffer) => (out += c.toString()));
        child.stderr.on("data", (c: Buffer) => (out += c.toString()));
        child.on("exit", (code) => resolve({ code, out }));
      });
    const [help, bad] = await Promise.all([run(["--help"]), run(["--bogus"])]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("Usage: polyprompt-emulator");
    expect(bad.code).toBe(2);
  });
});
