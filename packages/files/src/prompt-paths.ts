import type { ParsedRef } from "@polyprompt/core";

/** One path segment that is safe on every file system: anything else is percent-encoded (dots too, so never `.` or `..`). */
function segment(text: string): string {
  return /^[A-Za-z0-9_-][\w.-]*$/.test(text) && text.length <= 100 ? text : encodeURIComponent(text).replace(/\./g, "%2E");
}

/** `.staging`, `.latest`, `.v3`, `.id-<versionId>`, or nothing for production. */
function variant(ref: ParsedRef): string {
  const s = ref.selector;
  switch (s.kind) {
    case "production":
      return "";
    case "environment":
      return `.${segment(s.environment)}`;
    case "latest":
      return ".latest";
    case "version":
      return `.v${segment(s.version)}`;
    case "versionId":
      return `.id-${segment(s.versionId)}`;
  }
}

/**
 * Where a pulled reference's file goes, relative to the prompt directory:
 * `<vendor>/<prompt id>[.<variant>].prompt`, a `/` in the id making folders (as dotprompt's
 * directory store reads them). Every segment is made safe, so no id can reach outside.
 *
 * @example
 * promptFilePath(parseRef("acme:support/chat@staging")); // "acme/support/chat.staging.prompt"
 */
export function promptFilePath(ref: ParsedRef): string {
  const parts = ref.promptId.split("/").map(segment);
  parts[parts.length - 1] += variant(ref);
  return `${[segment(ref.vendor), ...parts].join("/")}.prompt`;
}

/** Where an included prompt's partial goes: `<vendor>/<folders>/_<name>.prompt`, dotprompt's partial naming. */
export function partialFilePath(vendor: string, promptId: string): string {
  const parts = promptId.split("/").map(segment);
  parts[parts.length - 1] = `_${parts[parts.length - 1]}`;
  return `${[segment(vendor), ...parts].join("/")}.prompt`;
}
