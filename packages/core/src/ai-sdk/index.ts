/**
 * @polyprompt/core/ai-sdk: rendered prompts as options of the Vercel AI SDK's `generateText` and
 * `streamText`. Its own entry point because it imports `ai` (an optional peer dependency): the
 * root entry point never does.
 */
export { toAISDK } from "./to-ai-sdk.js";
export type {
  AISDKCall,
  AISDKFilePart,
  AISDKImagePart,
  AISDKInputSchema,
  AISDKMessage,
  AISDKOptions,
  AISDKTextPart,
  AISDKTool,
  AISDKToolCallPart,
  AISDKToolChoice,
  AISDKToolResultPart,
} from "./to-ai-sdk.js";
