import { type Emulator, startEmulator } from "@polyprompt/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPromptClient } from "../client/create-client.js";
import type { PromptVendor } from "../contract/vendor.js";
import { helicone } from "../vendors/helicone/index.js";
import { langfuse } from "../vendors/langfuse/index.js";
import { tela } from "../vendors/tela/index.js";
import { PromptError } from "../errors/prompt-error.js";
import type { PromptVersion } from "../model/types.js";
import { heliconeTemplate } from "../vendors/helicone/index.js";
import { collectPromptTypes } from "./collect-prompt-types.js";
import { createBundle } from "../bootstrap/create-bundle.js";
import { generatePromptTypes, generatePromptTypesFromBundle, registryRefs } from "./generate-prompt-types.js";
import { GENERATED_HEADER, printPromptTypes } from "./print-prompt-types.js";

const KEYS = { helicone: "sk-helicone-typegen-1", tela: "tela-typegen-2", langfuse: ["pk-lf-typegen", "sk-lf-typegen"] } as const;

let emu: Emulator;
let vendors: PromptVendor[];
beforeAll(async () => {
  emu = await startEmulator({
    apiKeys: { helicone: [KEYS.helicone], tela: [KEYS.tela], langfuse: [KEYS.langfuse.join(":")] },
  });
  vendors = [
    helicone({ apiKey: KEYS.helicone, baseUrl: emu.urlFor("helicone") }),
    tela({ apiKey: KEYS.tela, baseUrl: emu.urlFor("tela") }),
    langfuse({ publicKey: KEYS.langfuse[0], secretKey: KEYS.langfuse[1], baseUrl: emu.urlFor("langfuse") }),
  ];
});
afterAll(() => emu.close());

describe("generatePromptTypes on the emulator's seed data", () => {
  it("lists every prompt of every vendor, by default reference and by environment", async () => {
    const refs = await registryRefs(createPromptClient({ vendors }), vendors);
    const H = `helicone:${emu.seed.helicone.supportAgent.promptId}`;
    expect(refs).toContain(H);
    expect(refs).toContain(`${H}@production`);
    expect(refs).toContain(`${H}@staging`);
    expect(refs).toContain("langfuse:support/chat@staging");
    expect(refs).toContain(`tela:${emu.seed.tela.contractReview.promptId}@staging`);
    expect(new Set(refs).size).toBe(refs.length);
  });

  it("types each vendor's variables: Helicone's own types, Tela files, Langfuse scalars, sections and placeholders", async () => {
    const H = `helicone:${emu.seed.helicone.supportAgent.promptId}`;
    const contract = `tela:${emu.seed.tela.contractReview.promptId}@staging`;
    const text = await generatePromptTypes({ vendors, refs: [H, contract, "langfuse:support/chat", "langfuse:support/agent"] });
    expect(text.split("\n")[0]).toBe(GENERATED_HEADER);
    const entry = (ref: string) =>
      text.slice(text.indexOf(`${JSON.stringify(ref)}: {`), text.indexOf("    };", text.indexOf(JSON.stringify(ref))));
    expect(entry(H)).toContain("        count: number;");
    expect(entry(H)).toContain("        vip: boolean;");
    expect(entry(H)).toContain("        name: string;");
    expect(entry(contract)).toContain("        contract: PromptFileInput;");
    expect(entry("langfuse:support/chat")).toContain("        company: string | number | boolean;");
    expect(entry("langfuse:support/chat")).toContain("        vip: boolean | readonly unknown[] | Record<string, unknown>;");
    expect(entry("langfuse:support/chat")).toContain("        history: PromptHistory;");
    expect(entry("langfuse:support/agent")).toContain("        question: string | number | boolean;");
  });
});

describe("generatePromptTypesFromBundle", () => {
  it("types a bundle's references without asking a vendor, as the vendors would, includes followed from the bundle", async () => {
    const client = createPromptClient({ vendors });
    const refs = [`helicone:${emu.seed.helicone.supportAgent.promptId}`, "langfuse:support/agent@production", "langfuse:support/chat"];
    const bundle = await createBundle(client, refs);
    const engines = vendors.map((v) => v.templateEngine);
    // The bundle also holds the included prompts, as entries of their own.
    expect(bundle.entries.length).toBeGreaterThan(refs.length);
    const fromBundle = await generatePromptTypesFromBundle(bundle, { engines });
    const canonical = bundle.entries.map((entry) => entry.ref as string);
    expect(fromBundle).toBe(await generatePromptTypes({ vendors, refs: canonical }));
  });

  it("an included prompt missing from the bundle is not_found, saying to pull it", async () => {
    const client = createPromptClient({ vendors });
    const bundle = await createBundle(client, ["langfuse:support/agent@production"]);
    bundle.entries = bundle.entries.filter((entry) => String(entry.ref).startsWith("langfuse:support/agent"));
    await expect(generatePromptTypesFromBundle(bundle, { engines: vendors.map((v) => v.templateEngine) })).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringContaining("pull it first"),
    });
  });
});

describe("collectPromptTypes", () => {
  /** A registry of Helicone-syntax prompts in memory: a vendor of its own, as any adapter is. */
  function memoryVendor(prompts: Record<string, { content: string; variables: PromptVersion["variables"] }>): PromptVendor {
    return {
      name: "acme",
      templateEngine: heliconeTemplate,
      async getVersion(ref) {
        const prompt = prompts[ref.promptId];
        if (prompt === undefined)
          throw new PromptError({ code: "not_found", vendor: "acme", operation: "getVersion", message: ref.promptId });
        return {
          vendor: "acme",
          promptId: ref.promptId,
          versionId: `${ref.promptId}-1`,
          version: "1",
          environments: ["production"],
          draft: false,
          createdAt: "2026-01-01T00:00:00Z",
          raw: [],
          template: "helicone",
          params: {},
          messages: [{ role: "system", content: prompt.content }],
          tools: [],
          variables: prompt.variables,
        };
      },
      async listVersions() {
        return [];
      },
    };
  }

  it("follows included prompts, nested and repeated ones once: their variables are the including prompt's too", async () => {
    const vendor = memoryVendor({
      Agent1: {
        content: "{{hcp:Voice1:0}} {{hcp:Voice1:0}} Help {{hc:name:string}}.",
        variables: [{ name: "name", type: "string", required: true }],
      },
      Voice1: {
        content: "{{hcp:Rules1:0}} Tone {{hc:tone:constructor}}.",
        variables: [
          { name: "tone", type: "constructor", required: true },
          { name: "name", type: "string", required: false },
        ],
      },
      Rules1: { content: "At most {{hc:limit:number}} words.", variables: [{ name: "limit", type: "number", required: false }] },
    });
    const client = createPromptClient({ vendors: [vendor] });
    const [entry] = await collectPromptTypes(client, ["acme:Agent1"], [heliconeTemplate]);
    expect(entry).toEqual({
      ref: "acme:Agent1",
      variables: [
        { name: "name", type: "string", required: true },
        // A custom type, even one named like an Object property, takes any value.
        { name: "tone", type: "unknown", required: true },
        { name: "limit", type: "number", required: false },
      ],
    });
  });

  it("a missing included prompt is the vendor's not_found, naming it", async () => {
    const client = createPromptClient({ vendors: [memoryVendor({ Agent1: { content: "{{hcp:Gone11:0}}", variables: [] } })] });
    await expect(collectPromptTypes(client, ["acme:Agent1"], [heliconeTemplate])).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("printPromptTypes", () => {
  const entries = [
    {
      ref: "z:last",
      variables: [{ name: "a", type: "string", required: true }],
    },
    { ref: "m:none", variables: [] },
    {
      ref: "a:first@production",
      variables: [
        { name: "name", type: "string", required: true, description: "Who is */ asking" },
        { name: "odd-name", type: "number", required: false },
      ],
    },
  ];

  it("sorts references, quotes names that are not identifiers, marks optional ones, and escapes comments", () => {
    expect(printPromptTypes(entries)).toBe(
      [
        GENERATED_HEADER,
        'import type { PromptFileInput, PromptHistory } from "@polyprompt/core";',
        "",
        'declare module "@polyprompt/core" {',
        "  interface PromptRegistry {",
        '    "a:first@production": {',
        "      variables: {",
        "        /** Who is *\\/ asking */",
        "        name: string;",
        '        "odd-name"?: number;',
        "      };",
        "    };",
        '    "m:none": { variables: Record<string, never> };',
        '    "z:last": {',
        "      variables: {",
        "        a: string;",
        "      };",
        "    };",
        "  }",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("a loose registry accepts other names", () => {
    expect(printPromptTypes(entries, { strict: false })).toContain("        [name: string]: unknown;");
  });
});
