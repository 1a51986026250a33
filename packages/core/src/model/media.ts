import type { FilePart, ImagePart } from "./types.js";

// Media types of content parts, shared by the vendor normalizers and the provider converters.

/**
 * How an OpenAI `file_id` is written in `FilePart.url` (an adapter whose bodies carry
 * `{file: {file_id}}` parts reads them this way).
 */
export const OPENAI_FILE_SCHEME = "openai-file://";

/** A parsed `data:` URL. `data` is the text after the comma, still encoded. */
export function parseDataUrl(url: string): { mediaType: string | undefined; base64: boolean; data: string } | undefined {
  if (!/^data:/i.test(url)) return undefined;
  const comma = url.indexOf(",");
  if (comma === -1) return undefined;
  const [type = "", ...attributes] = url.slice(5, comma).split(";");
  return {
    mediaType: type.trim() === "" ? undefined : type.trim().toLowerCase(),
    base64: attributes.some((attribute) => attribute.trim().toLowerCase() === "base64"),
    data: url.slice(comma + 1),
  };
}

const TYPE_OF_EXTENSION: Readonly<Record<string, string>> = {
  pdf: "application/pdf",
  txt: "text/plain",
  md: "text/markdown",
  csv: "text/csv",
  json: "application/json",
  html: "text/html",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
};
const EXTENSION_OF: Readonly<Record<string, string>> = /* @__PURE__ */ (() =>
  Object.fromEntries(
    Object.entries(TYPE_OF_EXTENSION)
      .filter(([extension]) => extension !== "jpeg")
      .map(([extension, type]) => [type, extension]),
  ))();

/**
 * A part's media type: its `mimeType`, else a `data:` URL's header, else the URL
 * path's extension (query and fragment ignored). `undefined` when none says.
 */
export function mediaTypeOf(part: ImagePart | FilePart): string | undefined {
  if (part.mimeType) return part.mimeType.toLowerCase();
  const data = parseDataUrl(part.url);
  if (data !== undefined) return data.mediaType;
  const path = part.url.split(/[?#]/, 1)[0] ?? "";
  return mediaTypeOfName(path.slice(path.lastIndexOf("/") + 1));
}

/** The media type a file name's extension stands for, or `undefined`. */
export function mediaTypeOfName(name: unknown): string | undefined {
  if (typeof name !== "string") return undefined;
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return extension !== undefined && Object.hasOwn(TYPE_OF_EXTENSION, extension) ? TYPE_OF_EXTENSION[extension] : undefined;
}

/** The usual file extension of a media type, or `undefined`. */
export function extensionOf(mediaType: string | undefined): string | undefined {
  return mediaType === undefined ? undefined : EXTENSION_OF[mediaType.toLowerCase()];
}
