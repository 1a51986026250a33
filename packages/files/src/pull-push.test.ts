// Pull → push → pull over real HTTP against the emulator: the files come back byte for byte; a
// re-push writes nothing; verify sees drift; a client bootstrapped from the files serves
// through a total outage; Google's dotprompt renders the directory (partials included) as
// polyprompt renders the vendor's prompts.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createPromptClient,
  publishVersion,
  sampleVariables,
  type PromptClient,
  type PromptMessage,
  type PromptVendor,
} from "@polyprompt/core";
import { langfuse, langfuseDialect } from "@polyprompt/core/langfuse";
import { langfuse as writableLangfuse } from "@polyprompt/core/langfuse/write";
import { startEmulator, type Emulator } from "@polyprompt/emulator";
import { Dotprompt } from "dotprompt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleFromDirectory } from "./bundle-from-files.js";
import { listPromptFiles } from "./file-system.js";
import { LOCKFILE_NAME, parseLockfile } from "./lockfile.js";
import { pullPrompts } from "./pull-prompts.js";
import { pushPrompts } from "./push-prompts.js";
import { verifyPrompts } from "./verify-prompts.js";

const KEY = ["pk-lf-PULL-1", "sk-lf-PULL-2"] as const;
const dialects = [langfuseDialect];
const REFS = [
  "langfuse:support/chat",
  "langfuse:support/chat@staging",
  "langfuse:support/agent",
  "langfuse:welcome-email",
  "langfuse:classifier",
];

let source: Emulator;
let empty: Emulator;
let dirs: string[] = [];
const vendorAt = (emu: Emulator): PromptVendor => langfuse({ publicKey: KEY[0], secretKey: KEY[1], baseUrl: emu.urlFor("langfuse") });
/** The adapter from the write entry point: pushes and publishes need its writer. */
const writerAt = (emu: Emulator): PromptVendor =>
  writableLangfuse({ publicKey: KEY[0], secretKey: KEY[1], baseUrl: emu.urlFor("langfuse") });
const clientAt = (emu: Emulator, bootstrap?: unknown): PromptClient =>
  createPromptClient({ vendors: [vendorAt(emu)], cache: false, ...(bootstrap ? { bootstrap, cache: {}, retry: false } : {}) });
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), "polyprompt-files-"));
  dirs.push(dir);
  return dir;
};
const readAll = async (dir: string) =>
  Object.fromEntries(
    await Promise.all((await listPromptFiles(dir)).map(async (file) => [file, await readFile(join(dir, file), "utf8")] as const)),
  );

beforeAll(async () => {
  source = await startEmulator({ apiKeys: { langfuse: [KEY.join(":")] } });
  empty = await startEmulator({ seedData: false, apiKeys: { langfuse: [KEY.join(":")] } });
});
afterAll(async () => {
  await Promise.all([source?.close(), empty?.close()]);
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  dirs = [];
});

describe("pull, push, verify, bootstrap", () => {
  it("pull → push to an empty registry → pull gives byte-identical files; a second push writes nothing", async () => {
    const first = await tempDir();
    const pulled = await pullPrompts({ client: clientAt(source), dialects, refs: REFS, dir: first });
    expect(await listPromptFiles(first)).toEqual([
      "langfuse/_brand-voice.prompt",
      "langfuse/classifier.prompt",
      "langfuse/support/agent.prompt",
      "langfuse/support/chat.prompt",
      "langfuse/support/chat.staging.prompt",
      "langfuse/welcome-email.prompt",
    ]);
    expect(pulled.files.every((file) => file.changed)).toBe(true);
    const lock = parseLockfile(await readFile(join(first, LOCKFILE_NAME), "utf8"));
    expect(Object.keys(lock.prompts).sort()).toEqual([...REFS].sort());
    expect(Object.keys(lock.partials)).toEqual(["langfuse:brand-voice"]);

    // The reading adapter has no writer: the push refuses every file before any request.
    const before = empty.requests.total({ vendor: "langfuse" });
    await expect(pushPrompts({ vendors: [vendorAt(empty)], dialects, dir: first })).rejects.toMatchObject({
      code: "unsupported",
      message: expect.stringContaining("langfuse/classifier.prompt: langfuse is read-only here"),
    });
    expect(empty.requests.total({ vendor: "langfuse" })).toBe(before);

    const pushed = await pushPrompts({ vendors: [writerAt(empty)], dialects, dir: first });
    expect(pushed.map((p) => [p.file, p.created])).toEqual([
      ["langfuse/_brand-voice.prompt", true],
      ["langfuse/classifier.prompt", true],
      ["langfuse/support/agent.prompt", true],
      ["langfuse/support/chat.prompt", true],
      ["langfuse/support/chat.staging.prompt", true],
      ["langfuse/welcome-email.prompt", true],
    ]);
    const second = await tempDir();
    await pullPrompts({ client: clientAt(empty), dialects, refs: REFS, dir: second });
    expect(await readAll(second)).toEqual(await readAll(first));
    const again = await pushPrompts({ vendors: [writerAt(empty)], dialects, dir: first });
    expect(again.filter((p) => p.created || p.environmentsSet.length > 0)).toEqual([]);
    // A pull over an unchanged directory changes no file.
    expect((await pullPrompts({ client: clientAt(source), dialects, refs: REFS, dir: first })).files.filter((f) => f.changed)).toEqual([]);
  });

  it("verify finds no drift after a pull, then the version a label moved to and the content that changed", async () => {
    const emu = await startEmulator({ apiKeys: { langfuse: [KEY.join(":")] } });
    try {
      const dir = await tempDir();
      await pullPrompts({
        client: clientAt(emu),
        dialects,
        refs: ["langfuse:support/chat", "langfuse:support/chat@staging", "langfuse:support/agent"],
        dir,
      });
      expect((await verifyPrompts({ client: clientAt(emu), dir })).drift).toEqual([]);
      const chat = await clientAt(emu).get("langfuse:support/chat");
      await publishVersion(writerAt(emu), {
        promptId: "support/chat",
        content: { messages: [{ role: "system", content: "Changed." }], model: "gpt-4o" },
        environments: ["production"],
      });
      const report = await verifyPrompts({ client: clientAt(emu), dir });
      expect(report.checked).toBe(4);
      expect(report.drift.map((d) => [d.ref, d.kind, d.locked.versionId])).toEqual([["langfuse:support/chat", "version", chat.versionId]]);
    } finally {
      await emu.close();
    }
  });

  it("a client bootstrapped from the files serves every pulled reference through a total outage, rendering as the vendor did", async () => {
    const dir = await tempDir();
    await pullPrompts({ client: clientAt(source), dialects, refs: REFS, dir });
    const bundle = await bundleFromDirectory(dir, { dialects });
    const down = await startEmulator({ apiKeys: { langfuse: [KEY.join(":")] } });
    down.faults.add({ status: 503 });
    try {
      const offline = clientAt(down, bundle);
      for (const ref of REFS) {
        const live = await clientAt(source).get(ref);
        const values = sampleVariables(live);
        const served = await offline.render(ref, values);
        expect(served.source, ref).toBe("bootstrap");
        expect(served.versionId).toBe(live.versionId);
        expect(served.messages, ref).toEqual((await clientAt(source).render(ref, values)).messages);
      }
    } finally {
      await down.close();
    }
  });

  it("Google's dotprompt renders the pulled directory, partials included, as polyprompt renders the vendor", async () => {
    const dir = await tempDir();
    await pullPrompts({ client: clientAt(source), dialects, refs: REFS, dir });
    const dp = new Dotprompt({
      partialResolver: async (name) => {
        const parts = name.split("/");
        parts[parts.length - 1] = `_${parts.at(-1)}`;
        return readFile(join(dir, "langfuse", `${parts.join("/")}.prompt`), "utf8");
      },
    });
    for (const ref of ["langfuse:support/agent", "langfuse:welcome-email"]) {
      const version = await clientAt(source).get(ref);
      const values = sampleVariables(version);
      const rendered = await clientAt(source).render(ref, values);
      const file = ref === "langfuse:support/agent" ? "langfuse/support/agent.prompt" : "langfuse/welcome-email.prompt";
      const out = await dp.render(await readFile(join(dir, file), "utf8"), { input: values });
      const messages = out.messages.map((m) => ({
        role: m.role === "model" ? "assistant" : m.role,
        content: m.content.map((p) => ("text" in p ? p.text : "")).join(""),
      }));
      expect(messages, ref).toEqual(rendered.messages.map((m: PromptMessage) => ({ role: m.role, content: m.content })));
    }
  });
});
