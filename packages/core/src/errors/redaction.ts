import { PromptError } from "./prompt-error.js";

/** How deep a cause chain is followed; deeper causes are replaced by their redacted text. */
const MAX_CAUSE_DEPTH = 8;

/**
 * Removes every occurrence of the given secrets from a text. Used on anything that can
 * reach an error: vendor messages, request ids, causes, stacks. Longer secrets go first, so
 * `Bearer <key>` is replaced whole rather than leaving `Bearer [redacted]`'s prefix twice.
 *
 * @example
 * redact("bad key sk-123456", ["sk-123456"]); // "bad key [redacted]"
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join("[redacted]");
  }
  return out;
}

/**
 * Every form a credential can take on the wire or in a log: as given, trimmed (fetch trims
 * header values, so a key read from a file with a trailing newline is sent trimmed) and as a
 * `Bearer` header value.
 *
 * @example
 * secretForms(["sk-123 \n"]); // ["sk-123 \n", "sk-123", "Bearer sk-123"]
 */
export function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    const trimmed = secret.trim();
    for (const form of [secret, trimmed, `Bearer ${trimmed}`]) if (form.trim().length >= 4) forms.add(form);
  }
  return [...forms];
}

/**
 * The secrets of HTTP Basic auth: the password in its forms, and `base64(user:password)`,
 * which is what a vendor echoing the Authorization header would show.
 *
 * @example
 * createVendorHttp("acme", basicAuthSecrets(publicKey, secretKey));
 */
export function basicAuthSecrets(user: string, password: string): string[] {
  const encoded = [password, password.trim()].flatMap((p) => [base64(`${user}:${p}`), base64(`${user.trim()}:${p}`)]);
  return [...secretForms([password]), ...new Set(encoded.flatMap((e) => [e, `Basic ${e}`]))];
}

/**
 * Returns a copy of an arbitrary thrown value that is safe to attach as `cause`: an Error
 * whose message, stack and own cause chain have the secrets removed. A PromptError stays a
 * PromptError (see `redactError`).
 */
export function redactCause(cause: unknown, secrets: readonly string[], depth = 0): unknown {
  if (cause === undefined || cause === null) return cause;
  if (PromptError.is(cause)) return redactError(cause, secrets, depth);
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause;
    const copy = new Error(
      redact(cause.message, secrets),
      inner === undefined || depth >= MAX_CAUSE_DEPTH ? undefined : { cause: redactCause(inner, secrets, depth + 1) },
    );
    copy.name = cause.name;
    copy.stack = cause.stack === undefined ? undefined : redact(cause.stack, secrets);
    return copy;
  }
  return redact(String(cause), secrets);
}

/**
 * A copy of a PromptError with every string field redacted: message, stack, `requestId`
 * (a vendor may echo the Authorization header into it) and the whole cause chain.
 *
 * @example
 * throw redactError(error, secretForms([apiKey]));
 */
export function redactError(error: PromptError, secrets: readonly string[], depth = 0): PromptError {
  const cause = (error as { cause?: unknown }).cause;
  const copy = new PromptError({
    code: error.code,
    message: redact(error.message, secrets),
    vendor: error.vendor,
    operation: error.operation,
    status: error.status,
    requestId: error.requestId === undefined ? undefined : redact(error.requestId, secrets),
    retryable: error.retryable,
    retryAfterMs: error.retryAfterMs,
    problems: error.problems,
    cause: cause === undefined || depth >= MAX_CAUSE_DEPTH ? undefined : redactCause(cause, secrets, depth + 1),
  });
  copy.stack = error.stack === undefined ? undefined : redact(error.stack, secrets);
  return copy;
}

/** Base64 of the UTF-8 bytes of a text (`btoa` alone throws on characters past Latin-1). */
export function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
