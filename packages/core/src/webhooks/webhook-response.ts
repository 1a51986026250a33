/**
 * What a webhook handler answers: a status and a small JSON body, never cached by a proxy.
 *
 * @example
 * return jsonResponse(200, { invalidated: ["acme:support@staging"] });
 */
export function jsonResponse(status: number, body: unknown, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

/**
 * The answer to a request a handler refuses: `{ error, message }`. The message says what to fix
 * and never quotes a secret or the body.
 *
 * @example
 * return refusal(405, "method_not_allowed", "Send webhooks with POST.", { allow: "POST" });
 */
export function refusal(status: number, error: string, message: string, headers?: Record<string, string>): Response {
  return jsonResponse(status, { error, message }, headers);
}
