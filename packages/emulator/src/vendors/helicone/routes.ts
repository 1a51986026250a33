import { json, type Context, type Reply, type Route, type VendorSetup } from "../../vendor-kit.js";
import { fail, ok } from "./dialect.js";
import { shortIdFrom } from "./prompt-id.js";
import { Presigner, s3Error } from "./s3.js";
import type { HeliconePromptRow, HeliconeState, HeliconeVersionRow } from "./state.js";

const V1 = "/v1/prompt-2025";
const V2 = "/v2/prompt-2025";

/** Newest first; rows are appended in creation order, so the array index breaks ties. */
function newestFirst<T extends { created_at: string }>(rows: T[]): T[] {
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => (a.row.created_at === b.row.created_at ? b.i - a.i : a.row.created_at < b.row.created_at ? 1 : -1))
    .map((x) => x.row);
}

/** Helicone "Prompts 2025" as jawn serves it (notes §1), quirks included (see the README). */
export function routes({ seed, mountPath }: VendorSetup): Route<HeliconeState>[] {
  type Ctx = Context<HeliconeState>;
  const presigner = new Presigner(seed, mountPath);
  const db = (ctx: Ctx): HeliconeState => ctx.store.state;
  const prompt = (ctx: Ctx, id: unknown) => db(ctx).prompts.find((p) => p.id === id && !p.soft_delete);
  const version = (ctx: Ctx, id: unknown) =>
    db(ctx).versions.find((v) => v.id === id && !v.soft_delete && prompt(ctx, v.prompt_id) !== undefined);
  const versionsOf = (ctx: Ctx, promptId: string) => db(ctx).versions.filter((v) => v.prompt_id === promptId && !v.soft_delete);

  /** A version as the queries return it: metadata + presigned `s3_url`; v2 adds `prompt_body`. */
  const view = (ctx: Ctx, v: HeliconeVersionRow, withBody: boolean) => {
    const p = db(ctx).prompts.find((x) => x.id === v.prompt_id) as HeliconePromptRow;
    const out: Record<string, unknown> = {
      id: v.id,
      model: v.model,
      prompt_id: v.prompt_id,
      major_version: v.major_version,
      minor_version: v.minor_version,
      commit_message: v.commit_message,
    };
    // Server builds from before the environments array sent one `environment` string.
    if (p.legacyEnvironmentField) out.environment = v.environments[0] ?? null;
    else out.environments = [...v.environments];
    out.created_at = v.created_at;
    out.s3_url = presigner.url(ctx.origin, v.id);
    if (withBody) out.prompt_body = structuredClone(v.prompt_body);
    return out;
  };

  /** Moves an environment name to `target` (one version per environment per prompt). */
  const assignEnvironment = (ctx: Ctx, p: HeliconePromptRow, target: HeliconeVersionRow, environment: string) => {
    for (const v of versionsOf(ctx, p.id)) {
      if (v !== target) v.environments = v.environments.filter((e) => e !== environment);
    }
    if (!target.environments.includes(environment)) target.environments.push(environment);
    if (environment === "production") p.production_version = target.id;
  };

  const body = (ctx: Ctx) => ctx.body as Record<string, unknown>;

  /** A fresh 6-character prompt id (jawn retries on collisions too). */
  const newPromptId = (ctx: Ctx): string => {
    for (;;) {
      const id = shortIdFrom(ctx.store.mint());
      if (!db(ctx).prompts.some((p) => p.id === id)) return id;
    }
  };

  /** `{promptId, promptVersionId, environment}` bodies: the version must belong to the prompt. */
  const withVersionOfPrompt = (ctx: Ctx, apply: (p: HeliconePromptRow, v: HeliconeVersionRow, environment: string) => Reply): Reply => {
    const { promptId, promptVersionId, environment } = body(ctx) as Record<string, string>;
    const p = prompt(ctx, promptId);
    const v = version(ctx, promptVersionId);
    if (!p || !v || v.prompt_id !== p.id) return fail("Prompt version not found or does not belong to the specified prompt");
    return apply(p, v, environment!);
  };

  /** A new version row; the model is copied from the body, as jawn does. */
  const newVersion = (
    ctx: Ctx,
    p: HeliconePromptRow,
    major: number,
    minor: number,
    commit_message: string,
    promptBody: Record<string, unknown>,
    created_at = ctx.store.now(),
  ): HeliconeVersionRow => {
    const v: HeliconeVersionRow = {
      id: ctx.store.uuid(),
      prompt_id: p.id,
      model: typeof promptBody.model === "string" ? promptBody.model : "",
      major_version: major,
      minor_version: minor,
      commit_message,
      environments: [],
      created_at,
      soft_delete: false,
      prompt_body: structuredClone(promptBody),
    };
    db(ctx).versions.push(v);
    return v;
  };

  const queryVersion = (withBody: boolean) => (ctx: Ctx) => {
    const v = version(ctx, body(ctx).promptVersionId);
    return v ? ok(view(ctx, v, withBody)) : fail("Prompt version not found");
  };
  const queryEnvironmentVersion = (withBody: boolean) => (ctx: Ctx) => {
    const { promptId, environment } = body(ctx) as { promptId: string; environment: string };
    const p = prompt(ctx, promptId);
    const v = p && versionsOf(ctx, p.id).find((x) => x.environments.includes(environment));
    return v ? ok(view(ctx, v, withBody)) : fail("Prompt version not found");
  };
  const queryProductionVersion = (withBody: boolean) => (ctx: Ctx) => {
    const p = prompt(ctx, body(ctx).promptId);
    if (!p) return fail("Prompt not found");
    const v = p.production_version ? version(ctx, p.production_version) : undefined;
    return v ? ok(view(ctx, v, withBody)) : fail("Prompt production version not found");
  };

  return [
    // Declared before `{promptVersionId}/prompt-body`, as in jawn's controller.
    {
      method: "GET",
      path: `${V1}/id/{promptId}`,
      handler: (ctx) => {
        const p = prompt(ctx, ctx.params.promptId);
        return p ? ok({ id: p.id, name: p.name, tags: [...p.tags], created_at: p.created_at }) : fail("Prompt not found");
      },
    },
    {
      method: "POST",
      path: `${V1}/id/{promptId}/rename`,
      write: true,
      // No existence check in jawn: an unknown id also answers 200.
      handler: (ctx) => {
        const p = prompt(ctx, ctx.params.promptId);
        if (p) p.name = String(body(ctx).name);
        return ok(null);
      },
    },
    {
      method: "PATCH",
      path: `${V1}/id/{promptId}/tags`,
      write: true,
      handler: (ctx) => {
        const p = prompt(ctx, ctx.params.promptId);
        if (!p) return fail("Prompt not found", 404);
        const tags = [...new Set((body(ctx).tags as string[]).map((t) => t.trim()).filter(Boolean))];
        p.tags = tags;
        return ok(tags);
      },
    },
    {
      method: "GET",
      path: `${V1}/id/{promptId}/{versionId}/inputs`,
      handler: (ctx) => {
        const { promptId, versionId } = ctx.params;
        const v = version(ctx, versionId);
        if (!v || v.prompt_id !== promptId) return fail("Prompt version not found");
        const row = db(ctx).inputs.find((i) => i.version_id === versionId && i.request_id === ctx.query.requestId);
        return row
          ? ok({ request_id: row.request_id, version_id: row.version_id, inputs: structuredClone(row.inputs) })
          : fail("Prompt inputs not found", 404);
      },
    },
    {
      method: "GET",
      path: `${V1}/tags`,
      handler: (ctx) =>
        ok(
          [
            ...new Set(
              db(ctx)
                .prompts.filter((p) => !p.soft_delete)
                .flatMap((p) => p.tags),
            ),
          ].sort(),
        ),
    },
    {
      method: "GET",
      path: `${V1}/environments`,
      handler: (ctx) => {
        const live = new Set(
          db(ctx)
            .prompts.filter((p) => !p.soft_delete)
            .map((p) => p.id),
        );
        const names = db(ctx)
          .versions.filter((v) => !v.soft_delete && live.has(v.prompt_id))
          .flatMap((v) => v.environments);
        return ok([...new Set(names)].sort());
      },
    },
    {
      method: "GET",
      path: `${V1}/count`,
      handler: (ctx) => {
        const n = db(ctx).prompts.filter((p) => !p.soft_delete).length;
        // jawn tests `!result.data`: a count of 0 is answered as a 500 without an error.
        return n === 0 ? json(500, { data: 0, error: null }) : ok(n);
      },
    },
    {
      method: "POST",
      path: V1,
      write: true,
      handler: (ctx) => {
        const { name, tags, promptBody } = body(ctx) as { name: string; tags: string[]; promptBody: Record<string, unknown> };
        const now = ctx.store.now();
        const p: HeliconePromptRow = {
          id: newPromptId(ctx),
          name,
          tags: [...tags],
          created_at: now,
          production_version: null,
          soft_delete: false,
        };
        db(ctx).prompts.push(p);
        const v = newVersion(ctx, p, 0, 0, "First version.", promptBody, now);
        assignEnvironment(ctx, p, v, "production");
        return ok({ id: p.id, versionId: v.id }, 201);
      },
    },
    {
      method: "POST",
      path: `${V1}/update`,
      write: true,
      handler: (ctx) => {
        const b = body(ctx) as {
          promptId: string;
          promptVersionId: string;
          newMajorVersion: boolean;
          commitMessage: string;
          promptBody: Record<string, unknown>;
          environment?: string;
        };
        const p = prompt(ctx, b.promptId);
        if (!p) return fail("Prompt not found");
        const base = version(ctx, b.promptVersionId);
        if (!base || base.prompt_id !== p.id) return fail("Current version not found");
        const all = versionsOf(ctx, p.id);
        const major = b.newMajorVersion ? Math.max(...all.map((v) => v.major_version)) + 1 : base.major_version;
        const minor = b.newMajorVersion
          ? 0
          : Math.max(...all.filter((v) => v.major_version === base.major_version).map((v) => v.minor_version)) + 1;
        const v = newVersion(ctx, p, major, minor, b.commitMessage, b.promptBody);
        if (b.environment) assignEnvironment(ctx, p, v, b.environment);
        return ok({ id: v.id });
      },
    },
    {
      method: "POST",
      path: `${V1}/update/environment`,
      write: true,
      handler: (ctx) =>
        withVersionOfPrompt(ctx, (p, v, environment) => {
          assignEnvironment(ctx, p, v, environment);
          return ok(null);
        }),
    },
    {
      method: "POST",
      path: `${V1}/remove/environment`,
      write: true,
      handler: (ctx) =>
        withVersionOfPrompt(ctx, (p, v, environment) => {
          v.environments = v.environments.filter((e) => e !== environment);
          if (environment === "production" && p.production_version === v.id) p.production_version = null;
          return ok(null);
        }),
    },
    {
      method: "POST",
      path: `${V1}/query`,
      handler: (ctx) => {
        const { search, tagsFilter, page, pageSize } = body(ctx) as {
          search: string;
          tagsFilter: string[];
          page: number;
          pageSize: number;
        };
        const needle = search.toLowerCase();
        const rows = newestFirst(db(ctx).prompts.filter((p) => !p.soft_delete))
          .filter((p) => p.name.toLowerCase().includes(needle))
          .filter((p) => tagsFilter.length === 0 || p.tags.some((t) => tagsFilter.includes(t)))
          .slice(page * pageSize, page * pageSize + pageSize);
        return ok(rows.map((p) => ({ id: p.id, name: p.name, tags: [...p.tags], created_at: p.created_at })));
      },
    },
    { method: "POST", path: `${V1}/query/version`, handler: queryVersion(false) },
    { method: "POST", path: `${V1}/query/environment-version`, handler: queryEnvironmentVersion(false) },
    {
      method: "POST",
      path: `${V1}/query/versions`,
      handler: (ctx) => {
        const { promptId, majorVersion } = body(ctx) as { promptId: string; majorVersion?: number };
        const p = prompt(ctx, promptId);
        if (!p) return ok([]);
        const rows = newestFirst(versionsOf(ctx, p.id))
          .filter((v) => majorVersion === undefined || v.major_version === majorVersion)
          .slice(0, 50);
        return ok(rows.map((v) => view(ctx, v, false)));
      },
    },
    { method: "POST", path: `${V1}/query/production-version`, handler: queryProductionVersion(false) },
    {
      method: "POST",
      path: `${V1}/query/total-versions`,
      handler: (ctx) => {
        const p = prompt(ctx, body(ctx).promptId);
        const rows = p ? versionsOf(ctx, p.id) : [];
        // `majorVersions` is MAX(major_version), not a count.
        return ok({ totalVersions: rows.length, majorVersions: rows.length ? Math.max(...rows.map((v) => v.major_version)) : 0 });
      },
    },
    {
      method: "GET",
      path: `${V1}/{promptVersionId}/prompt-body`,
      handler: (ctx) => {
        const v = version(ctx, ctx.params.promptVersionId);
        return v ? ok(structuredClone(v.prompt_body)) : fail("Prompt version not found", 404);
      },
    },
    {
      method: "DELETE",
      path: `${V1}/{promptId}`,
      write: true,
      handler: (ctx) => {
        const p = prompt(ctx, ctx.params.promptId);
        if (!p) return fail("Prompt not found");
        p.soft_delete = true;
        for (const v of versionsOf(ctx, p.id)) v.soft_delete = true;
        return ok(null);
      },
    },
    {
      method: "DELETE",
      path: `${V1}/{promptId}/{versionId}`,
      write: true,
      // No guard against deleting the production version: `production-version` then fails.
      handler: (ctx) => {
        const v = version(ctx, ctx.params.versionId);
        if (!v || v.prompt_id !== ctx.params.promptId) return fail("Prompt version not found");
        v.soft_delete = true;
        return ok(null);
      },
    },
    { method: "POST", path: `${V2}/query/version`, handler: queryVersion(true) },
    { method: "POST", path: `${V2}/query/environment-version`, handler: queryEnvironmentVersion(true) },
    { method: "POST", path: `${V2}/query/production-version`, handler: queryProductionVersion(true) },
    {
      // The presigned S3 GET the SDK fetches with a bare `fetch(url)`: no bearer auth, raw JSON body.
      method: "GET",
      path: "/s3/prompt-bodies/{versionId}",
      public: true,
      unspecified: true,
      handler: (ctx) => {
        const { versionId } = ctx.params as { versionId: string };
        const resource = `/prompt-bodies/${versionId}`;
        const xml = (status: number, code: string, message: string): Reply => ({
          status,
          raw: s3Error(code, message, resource),
          contentType: "application/xml",
        });
        const query = new URLSearchParams(Object.entries(ctx.query).map(([k, v]) => [k, String(v)]));
        const problem = presigner.check(versionId, query);
        if (problem === "SignatureDoesNotMatch")
          return xml(403, problem, "The request signature we calculated does not match the signature you provided.");
        if (problem) return xml(403, problem, "Request has expired");
        const v = db(ctx).versions.find((x) => x.id === versionId);
        // Deleting a prompt removes its bodies from S3.
        if (!v || db(ctx).prompts.find((p) => p.id === v.prompt_id)?.soft_delete)
          return xml(404, "NoSuchKey", "The specified key does not exist.");
        return { status: 200, raw: JSON.stringify(v.prompt_body), contentType: "application/json" };
      },
    },
  ];
}
