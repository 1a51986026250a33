import { createHmac, timingSafeEqual } from "node:crypto";

/** Mimics an S3 presigned GET URL for a Helicone prompt body (jawn signs them for 24 h). */
export class Presigner {
  readonly #secret: Buffer;
  readonly #mountPath: string;
  readonly expiresIn: number;

  /** `mountPath` is where the vendor is mounted (`/helicone`); the signing secret derives from `seed`. */
  constructor(seed: number, mountPath = "/helicone", expiresIn = 60 * 60 * 24) {
    this.#secret = Buffer.from(`polyprompt-emulator-s3-${seed}`);
    this.#mountPath = mountPath;
    this.expiresIn = expiresIn;
  }

  /** `${origin}${mountPath}/s3/prompt-bodies/<versionId>?X-Amz-...&X-Amz-Signature=<hmac>`. */
  url(origin: string, versionId: string, now = new Date()): string {
    const date = now
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d{3}/, "");
    const params = new URLSearchParams({
      "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
      "X-Amz-Credential": `EMULATOR/${date.slice(0, 8)}/us-west-2/s3/aws4_request`,
      "X-Amz-Date": date,
      "X-Amz-Expires": String(this.expiresIn),
      "X-Amz-SignedHeaders": "host",
    });
    params.set("X-Amz-Signature", this.#sign(versionId, date, String(this.expiresIn)));
    return `${origin}${this.#mountPath}/s3/prompt-bodies/${versionId}?${params}`;
  }

  /** `undefined` when the URL's signature and expiry are good, else the S3 error code. */
  check(versionId: string, query: URLSearchParams, now = Date.now()): "SignatureDoesNotMatch" | "AccessDenied" | undefined {
    const date = query.get("X-Amz-Date") ?? "";
    const expires = query.get("X-Amz-Expires") ?? "";
    const given = Buffer.from(query.get("X-Amz-Signature") ?? "");
    const expected = Buffer.from(this.#sign(versionId, date, expires));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "SignatureDoesNotMatch";
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
    if (!m) return "AccessDenied";
    const signedAt = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
    if (now > signedAt + Number(expires) * 1000) return "AccessDenied";
    return undefined;
  }

  #sign(versionId: string, date: string, expires: string): string {
    return createHmac("sha256", this.#secret).update(`GET\n/prompt-bodies/${versionId}\n${date}\n${expires}`).digest("hex");
  }
}

/** An S3-style XML error document. */
export function s3Error(code: string, message: string, resource: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><Resource>${resource}</Resource><RequestId>EMULATOR</RequestId></Error>`;
}
