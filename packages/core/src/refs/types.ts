/**
 * Which version of a prompt a reference points at. Each kind is its own namespace, so an
 * environment named `"3"` never collides with version `3`.
 */
export type VersionSelector =
  | { kind: "production" }
  | { kind: "environment"; environment: string }
  | { kind: "latest" }
  /** A vendor version label: `"2.1"`, `"2.x"`, `"2"` or `"3"`, as the vendor numbers them. */
  | { kind: "version"; version: string }
  | { kind: "versionId"; versionId: string };

/**
 * The object form of a reference. At most one of `environment`, `version` and `versionId`.
 * `environment` is always taken literally (so `{ environment: "3" }` is the environment named
 * "3"); `version: "latest"` is the newest version.
 */
export interface PromptRefObject {
  vendor: string;
  promptId: string;
  environment?: string;
  version?: string;
  versionId?: string;
}

/** A reference as users write it: `"<vendor>:abc123@staging"` or the object form. */
export type PromptRef = string | PromptRefObject;

/** A validated reference. */
export interface ParsedRef {
  vendor: string;
  promptId: string;
  selector: VersionSelector;
}
