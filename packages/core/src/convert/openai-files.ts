import { extensionOf, mediaTypeOf, OPENAI_FILE_SCHEME, parseDataUrl } from "../model/media.js";
import type { FilePart } from "../model/types.js";

// How a file part reaches OpenAI, shared by `toOpenAIChat` and `toOpenAIResponses`: both APIs
// take the same sources and differ only in part shapes and in fetching documents by URL.

/**
 * Where an OpenAI request finds a file part's content.
 * - `file-id`: an `openai-file://<id>` reference, sent as `file_id`.
 * - `image`: an image (by `mimeType`, `data:` header or URL extension) at an http(s) or `data:`
 *   URL, sent as an image part.
 * - `data`: another base64 `data:` URL, sent as `file_data` with a `filename` made from the
 *   variable name and media type (OpenAI needs one to read the file).
 * - `remote`: a document at an http(s) URL: Responses fetches it (`file_url`), Chat cannot.
 * - `not-base64`: a non-image `data:` URL that is not base64, which OpenAI cannot read.
 * - `other`: anything else (`vault://`…), which OpenAI cannot reach.
 */
export type OpenAIFileSource =
  | { kind: "file-id"; fileId: string }
  | { kind: "image"; url: string }
  | { kind: "data"; fileData: string; filename: string }
  | { kind: "remote"; url: string }
  | { kind: "not-base64" }
  | { kind: "other" };

/**
 * Classifies a file part for an OpenAI request; the converter turns the source into its own
 * part shape or error.
 *
 * @example
 * openAIFileSource({ type: "file", url: "data:application/pdf;base64,JVBE", variable: "contract" });
 * // { kind: "data", fileData: "data:application/pdf;base64,JVBE", filename: "contract.pdf" }
 */
export function openAIFileSource(part: FilePart): OpenAIFileSource {
  const { url } = part;
  if (url.startsWith(OPENAI_FILE_SCHEME)) return { kind: "file-id", fileId: url.slice(OPENAI_FILE_SCHEME.length) };
  const mediaType = mediaTypeOf(part);
  const image = mediaType?.startsWith("image/") === true;
  const data = parseDataUrl(url);
  if (data !== undefined) {
    if (image) return { kind: "image", url };
    if (!data.base64) return { kind: "not-base64" };
    return { kind: "data", fileData: url, filename: fileName(part.variable, mediaType) };
  }
  if (/^https?:\/\//i.test(url)) return image ? { kind: "image", url } : { kind: "remote", url };
  return { kind: "other" };
}

/** `url` for an error message: quoted, and shortened past 60 characters. */
export function quotedUrl(url: string): string {
  return JSON.stringify(url.length > 60 ? `${url.slice(0, 57)}...` : url);
}

function fileName(variable: string | undefined, mediaType: string | undefined): string {
  const extension = extensionOf(mediaType);
  return `${variable ?? "file"}${extension === undefined ? "" : `.${extension}`}`;
}
