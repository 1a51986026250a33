/** `polyprompt types` as a function: the references to type, their variables, and the file's text. */
import type { PromptBundle } from "../bootstrap/bundle-format.js";
import { createPromptClient } from "../client/create-client.js";
import type { PromptClient } from "../client/options.js";
import type { TemplateEngine } from "../contract/template-engine.js";
import type { PromptVendor } from "../contract/vendor.js";
import { bundleReader } from "./bundle-reader.js";
import { collectPromptTypes } from "./collect-prompt-types.js";
import { type PrintPromptTypesOptions, printPromptTypes } from "./print-prompt-types.js";

export interface GeneratePromptTypesOptions extends PrintPromptTypesOptions {
  /** The vendors to read, with their keys. Their template engines give each variable's type. */
  vendors: readonly PromptVendor[];
  /**
   * Which references to type. Default: every prompt of every vendor that can list its prompts,
   * once per environment (`vendor:id@production`, …) and as `vendor:id` when it has a production version.
   */
  refs?: readonly string[];
  /** The client to read through, e.g. one started from a bundle. Default: a new client of `vendors`. */
  client?: PromptClient;
}

/**
 * The text of a generated registry (see README, Typed prompts). Write it to a `.ts` or `.d.ts`
 * file your project compiles; from then on `prompts.render(ref, variables)` checks `variables`.
 *
 * @example
 * const text = await generatePromptTypes({ vendors: [acme()] });
 * await writeFile("src/prompt-registry.d.ts", text);
 */
export async function generatePromptTypes(options: GeneratePromptTypesOptions): Promise<string> {
  const client = options.client ?? createPromptClient({ vendors: [...options.vendors] });
  const refs = options.refs ?? (await registryRefs(client, options.vendors));
  const entries = await collectPromptTypes(
    client,
    refs,
    options.vendors.map((vendor) => vendor.templateEngine),
  );
  return printPromptTypes(entries, options);
}

/**
 * The text of a generated registry for every reference of a bundle, e.g. a pulled prompt
 * directory's (`bundleFromDirectory`): no vendor is asked, so CI can check it without keys.
 *
 * @example
 * const bundle = await bundleFromDirectory("prompts", { dialects: [acmeDialect] });
 * const text = await generatePromptTypesFromBundle(bundle, { engines: [acmeTemplate] });
 */
export async function generatePromptTypesFromBundle(
  bundle: PromptBundle,
  options: PrintPromptTypesOptions & { engines: readonly TemplateEngine[] },
): Promise<string> {
  const reader = bundleReader(bundle, options.engines);
  return printPromptTypes(await collectPromptTypes(reader, reader.refs, options.engines), options);
}

/**
 * Every prompt the vendors list, once per environment one of its versions is in, and as its
 * bare reference (the production version) when it has one.
 *
 * @example
 * await registryRefs(prompts, [acme()]); // ["acme:support", "acme:support@production", …]
 */
export async function registryRefs(client: PromptClient, vendors: readonly PromptVendor[]): Promise<string[]> {
  const refs: string[] = [];
  for (const vendor of vendors) {
    if (vendor.listPrompts === undefined) continue;
    for (const { promptId } of await client.listPrompts(vendor.name)) {
      const base = `${vendor.name}:${promptId}`;
      const environments = new Set((await client.listVersions(base)).flatMap((version) => version.environments));
      // The bare reference names the production version, which a prompt may not have yet.
      if (environments.has("production")) refs.push(base);
      refs.push(...[...environments].sort().map((environment) => `${base}@${environment}`));
    }
  }
  return refs;
}
