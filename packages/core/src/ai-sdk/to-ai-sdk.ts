/**
 * Rendered prompt → the options of the Vercel AI SDK's `generateText` and `streamText` (ai 5
 * and ai 6). The one runtime import of `ai` in the package lives here, behind its own entry
 * point, so apps without `ai` never load it.
 */
import { jsonSchema } from "ai";
import { extensionOf, mediaTypeOf, OPENAI_FILE_SCHEME, parseDataUrl } from "../model/media.js";
import { setOwn } from "../model/json-value.js";
import { defined, mergeParams, moveMediaToUserTurns, unsupported } from "../convert/converter-kit.js";
import type { ContentPart, FilePart, ImagePart, PromptMessage, PromptParams, RenderedPrompt } from "../model/types.js";

// The types below are written out rather than imported from `ai`: ai 5 and ai 6 differ, and
// these are the shapes both accept (apps/type-matrix checks them against each).

export interface AISDKTextPart {
  type: "text";
  text: string;
}
export interface AISDKImagePart {
  type: "image";
  /** A `URL` for an http(s) image, else base64 data. */
  image: string | URL;
  mediaType?: string;
  /** An image part's `detail`, which only the OpenAI provider reads. */
  providerOptions?: { openai: { imageDetail: "auto" | "low" | "high" } };
}
export interface AISDKFilePart {
  type: "file";
  /** A `URL` for an http(s) file, else base64 data. */
  data: string | URL;
  mediaType: string;
  filename?: string;
}
export interface AISDKToolCallPart {
  type: "tool-call";
  toolCallId: string;
  toolName: string;
  /** The call's arguments, parsed. */
  input: unknown;
}
export interface AISDKToolResultPart {
  type: "tool-result";
  toolCallId: string;
  toolName: string;
  output: { type: "text"; value: string };
}

/** A `ModelMessage` of ai 5 and ai 6. */
export type AISDKMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string | (AISDKTextPart | AISDKImagePart | AISDKFilePart)[] }
  | { role: "assistant"; content: string | (AISDKTextPart | AISDKToolCallPart)[] }
  | { role: "tool"; content: AISDKToolResultPart[] };

/**
 * What `jsonSchema(parameters)` from `ai` returns; `inputSchema.jsonSchema` is the tool's JSON
 * Schema. ai 5 and ai 6 brand it with different `unique symbol`s, which no type outside `ai` can
 * spell, so it is `any`: a narrower type would not be assignable to both majors' `ToolSet`.
 */
// biome-ignore lint/suspicious/noExplicitAny: see the comment above.
export type AISDKInputSchema = any;

export interface AISDKTool {
  description?: string;
  inputSchema: AISDKInputSchema;
  /** The tool's `strict`: ai 6 passes it to providers that support it; ai 5 ignores it. */
  strict?: boolean;
}

export type AISDKToolChoice = "auto" | "none" | "required" | { type: "tool"; toolName: string };

/** The options `toAISDK` builds: spread them into `generateText` or `streamText`. */
export interface AISDKCall {
  system?: string;
  messages: AISDKMessage[];
  tools?: Record<string, AISDKTool>;
  toolChoice?: AISDKToolChoice;
  temperature?: number;
  maxOutputTokens?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  seed?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
}

/** Parameter overrides for `toAISDK` (they win over the prompt's), and what to do with a JSON response format. */
export type AISDKOptions = Partial<PromptParams> & {
  /**
   * A `json_object` or `json_schema` response format: `"error"` (default) throws, since
   * `generateText` has no field for it that ai 5 and ai 6 share; `"omit"` leaves it out, for a
   * caller who passes `rendered.responseFormat` to the SDK itself.
   */
  responseFormat?: "error" | "omit";
};

const OPERATION = "toAISDK";

/**
 * Converts a rendered prompt to the options of the AI SDK's `generateText` and `streamText`
 * (ai 5 and ai 6). The model is the caller's: it is not part of the result.
 *
 * - `system`: the leading system and developer messages, joined with `"\n\n"`. Later ones stay
 *   where they are, as `role: "system"` messages, since moving them would change what the model
 *   reads when (the SDK warns about those unless you pass `allowSystemInMessages`). A prompt of
 *   system text only is sent as the user turn, since the SDK rejects an empty `messages`.
 * - `developer` → `system`. `name` is dropped: AI SDK messages have none.
 * - User images → `{type: "image", image, mediaType?}`, files → `{type: "file", data,
 *   mediaType, filename?}`: an http(s) URL as a `URL` object, a `data:` URL as base64 (the
 *   media type from its header); a file needs a known media type. Images and files of system
 *   and developer messages move to a user turn right after them, as in `toOpenAIChat`.
 * - Assistant tool calls → `{type: "tool-call", toolCallId, toolName, input}` (arguments
 *   parsed); tool messages → `role: "tool"` with a `tool-result` whose `toolName` is that of the
 *   assistant call with the same id and whose `output` is `{type: "text", value}`.
 * - `tools` (name → `{description, inputSchema: jsonSchema(parameters), strict}`) and
 *   `toolChoice` only when the prompt has tools.
 * - Params: `temperature`, `maxTokens` → `maxOutputTokens`, `topP`, `topK`, `stop` →
 *   `stopSequences`, `seed`, `frequencyPenalty`, `presencePenalty`. `parallelToolCalls`,
 *   `reasoningEffort` and `params.extra` are provider options whose names depend on the
 *   provider: they are left out; pass them in `providerOptions` yourself.
 * - A JSON response format throws unless `options.responseFormat` is `"omit"`.
 *
 * Pure: the input is not modified and no key is `undefined`. Tool schemas are shared with the
 * input: treat the result as read-only.
 *
 * @throws PromptError `unsupported` for a JSON response format (see above), a tool message
 *   without `toolCallId` or whose call is unknown, tool arguments that are not JSON, media the
 *   SDK cannot take (in assistant or tool messages, other URL schemes, a file of unknown type),
 *   or a prompt with no messages.
 *
 * @example
 * import { generateText } from "ai";
 * import { openai } from "@ai-sdk/openai";
 * const { text } = await generateText({ model: openai("gpt-4o-mini"), ...toAISDK(rendered) });
 */
export function toAISDK(rendered: RenderedPrompt, options: AISDKOptions = {}): AISDKCall {
  const { responseFormat = "error", ...overrides } = options;
  if (responseFormat !== "error" && responseFormat !== "omit") {
    throw unsupported(rendered, OPERATION, `responseFormat must be "error" or "omit", not ${JSON.stringify(responseFormat)}.`);
  }
  const format = rendered.responseFormat;
  if (format !== undefined && format.type !== "text" && responseFormat === "error") {
    const name = format.type === "json_schema" && format.name !== undefined ? ` ${JSON.stringify(format.name)}` : "";
    throw unsupported(
      rendered,
      OPERATION,
      `the prompt asks for a ${format.type} response${name}, which generateText cannot take in the same way in ai 5 and ai 6. ` +
        'Pass { responseFormat: "omit" } and give rendered.responseFormat to the SDK yourself ' +
        "(ai 6: output: Output.object({ schema: jsonSchema(schema) }); ai 5: experimental_output).",
    );
  }
  const params = mergeParams(rendered.params, overrides);

  const system: string[] = [];
  const messages: AISDKMessage[] = [];
  const toolNames = new Map<string, string>();
  moveMediaToUserTurns(rendered.messages).forEach((message, index) => {
    const where = `messages[${index}]`;
    const instructions = message.role === "system" || message.role === "developer";
    if (instructions && messages.length === 0) system.push(textOf(message, where, rendered));
    else messages.push(toMessage(message, where, rendered, toolNames));
  });
  let systemText = system.filter((text) => text !== "").join("\n\n");
  if (messages.length === 0) {
    if (systemText === "") throw unsupported(rendered, OPERATION, "the prompt has no messages.");
    messages.push({ role: "user", content: systemText });
    systemText = "";
  }

  const call: AISDKCall = defined({ system: systemText === "" ? undefined : systemText, messages });
  if (rendered.tools.length > 0) {
    const tools: Record<string, AISDKTool> = {};
    for (const tool of rendered.tools) {
      if (Object.hasOwn(tools, tool.name)) throw unsupported(rendered, OPERATION, `two tools are named ${JSON.stringify(tool.name)}.`);
      const parameters = tool.parameters ?? { type: "object", properties: {} };
      // A tool named `__proto__` stays a plain key of the set.
      setOwn(
        tools,
        tool.name,
        defined({
          description: tool.description,
          inputSchema: jsonSchema(parameters as Parameters<typeof jsonSchema>[0]),
          strict: tool.strict,
        }),
      );
    }
    call.tools = tools;
    const choice = rendered.toolChoice;
    if (choice !== undefined) call.toolChoice = typeof choice === "string" ? choice : { type: "tool", toolName: choice.name };
  }
  return Object.assign(
    call,
    defined({
      temperature: params.temperature,
      maxOutputTokens: params.maxTokens,
      topP: params.topP,
      topK: params.topK,
      stopSequences: params.stop && [...params.stop],
      seed: params.seed,
      frequencyPenalty: params.frequencyPenalty,
      presencePenalty: params.presencePenalty,
    }),
  );
}

// ---------------------------------------------------------------- messages

function toMessage(message: PromptMessage, where: string, rendered: RenderedPrompt, toolNames: Map<string, string>): AISDKMessage {
  switch (message.role) {
    case "system":
    case "developer":
      return { role: "system", content: textOf(message, where, rendered) };
    case "user":
      return {
        role: "user",
        content:
          typeof message.content === "string"
            ? message.content
            : message.content.map((part, i) => (part.type === "text" ? text(part.text) : media(part, `${where}.content[${i}]`, rendered))),
      };
    case "assistant": {
      const calls = message.toolCalls ?? [];
      if (calls.length === 0) return { role: "assistant", content: textParts(message, where, rendered) };
      const content = textParts(message, where, rendered);
      return {
        role: "assistant",
        content: [
          ...(typeof content === "string" ? (content === "" ? [] : [text(content)]) : content.filter((part) => part.text !== "")),
          ...calls.map((call, i): AISDKToolCallPart => {
            toolNames.set(call.id, call.name);
            return {
              type: "tool-call",
              toolCallId: call.id,
              toolName: call.name,
              input: parseArguments(call.arguments, `${where}.toolCalls[${i}]`, rendered),
            };
          }),
        ],
      };
    }
    case "tool": {
      const id = message.toolCallId;
      if (id === undefined)
        throw unsupported(rendered, OPERATION, `${where} is a tool message without toolCallId; the AI SDK requires it.`);
      const toolName = toolNames.get(id);
      if (toolName === undefined) {
        throw unsupported(
          rendered,
          OPERATION,
          `${where} answers tool call ${JSON.stringify(id)}, which no earlier assistant message makes; the AI SDK needs its tool name.`,
        );
      }
      return {
        role: "tool",
        content: [{ type: "tool-result", toolCallId: id, toolName, output: { type: "text", value: textOf(message, where, rendered) } }],
      };
    }
    default:
      throw unsupported(rendered, OPERATION, `${where} has role ${JSON.stringify(message.role)}, which the AI SDK does not know.`);
  }
}

function text(value: string): AISDKTextPart {
  return { type: "text", text: value };
}

/** Content of a role the SDK lets hold text only, as text parts. */
function textParts(message: PromptMessage, where: string, rendered: RenderedPrompt): string | AISDKTextPart[] {
  if (typeof message.content === "string") return message.content;
  return message.content.map((part, i) => text(onlyText(part, `${where}.content[${i}]`, message.role, rendered)));
}

/** Content of a role the SDK takes as one string (system, tool result): text parts joined by lines. */
function textOf(message: PromptMessage, where: string, rendered: RenderedPrompt): string {
  if (typeof message.content === "string") return message.content;
  return message.content.map((part, i) => onlyText(part, `${where}.content[${i}]`, message.role, rendered)).join("\n");
}

function onlyText(part: ContentPart, where: string, role: string, rendered: RenderedPrompt): string {
  if (part.type === "text") return part.text;
  throw unsupported(
    rendered,
    OPERATION,
    `${where} is ${part.type === "image" ? "an image" : "a file"} in a ${role} message; the AI SDK takes images and files in user messages only.`,
  );
}

function parseArguments(args: string, where: string, rendered: RenderedPrompt): unknown {
  // An empty string is how some vendors write a call without arguments.
  if (args.trim() === "") return {};
  try {
    return JSON.parse(args);
  } catch (cause) {
    throw unsupported(rendered, OPERATION, `${where}.arguments is not valid JSON; the AI SDK needs the tool input parsed.`, cause);
  }
}

// ---------------------------------------------------------------- media

function media(part: ImagePart | FilePart, where: string, rendered: RenderedPrompt): AISDKImagePart | AISDKFilePart {
  const fail = (why: string) => unsupported(rendered, OPERATION, `${where}: ${why}`);
  if (part.url.startsWith(OPENAI_FILE_SCHEME)) {
    throw fail("an OpenAI file id cannot be given to the AI SDK; pass the file as an https: or data: URL.");
  }
  const data = parseDataUrl(part.url);
  let content: string | URL;
  if (data !== undefined) content = data.base64 ? data.data : base64OfPercentEncoded(data.data);
  else if (/^https?:\/\//i.test(part.url)) content = new URL(part.url);
  else throw fail(`the AI SDK takes ${part.type}s as http(s): or data: URLs, not ${JSON.stringify(part.url.split(":", 1)[0])}: URLs.`);
  // A data: URL's own header wins: it describes the bytes the SDK receives.
  const mediaType = data?.mediaType ?? mediaTypeOf(part);
  if (part.type === "image") {
    return defined({
      type: "image",
      image: content,
      mediaType,
      providerOptions: part.detail === undefined ? undefined : { openai: { imageDetail: part.detail } },
    });
  }
  if (mediaType === undefined) {
    throw fail("the AI SDK requires a file's media type, and neither mimeType, a data: header nor the URL's extension gives one.");
  }
  return defined({ type: "file", data: content, mediaType, filename: fileName(part.variable, mediaType) });
}

/** The bytes of a percent-encoded `data:` URL body, as base64 (the SDK reads string data as base64). */
function base64OfPercentEncoded(data: string): string {
  const bytes = new TextEncoder().encode(data);
  let binary = "";
  for (let i = 0; i < bytes.length; i++) {
    const hex = String.fromCharCode(bytes[i + 1] ?? 0, bytes[i + 2] ?? 0);
    if (bytes[i] === 0x25 && /^[0-9a-f]{2}$/i.test(hex)) {
      binary += String.fromCharCode(Number.parseInt(hex, 16));
      i += 2;
    } else {
      binary += String.fromCharCode(bytes[i]!);
    }
  }
  return btoa(binary);
}

/** The variable that supplied a file, as its file name; none for a file that came from no variable. */
function fileName(variable: string | undefined, mediaType: string): string | undefined {
  if (variable === undefined) return undefined;
  const extension = extensionOf(mediaType);
  return extension === undefined ? variable : `${variable}.${extension}`;
}
