import { json, type Context, type Reply, type Route } from "../../vendor-kit.js";
import { DependencyError, describeTag, parseDependencyTags, resolveDependencies, textsOf, type DependencyTag } from "./dependencies.js";
import { customIssue, error, invalidRequest, type ZodIssue } from "./dialect.js";
import type { LangfuseMessageRow, LangfusePromptRow, LangfuseState } from "./state.js";

const PROMPTS = "/api/public/v2/prompts";
const LATEST = "latest";
const PRODUCTION = "production";
const LABEL = /^[a-z0-9_\-.]+$/;
const MAX_LABEL = 36;
const MAX_NAME = 255;
const DEFAULT_LIMIT = 50;

type Ctx = Context<LangfuseState>;

const notFound = (message: string) => error(404, message, "LangfuseNotFoundError");
const conflict = (message: string) => error(409, message, "LangfuseConflictError");

/** Zod-style issues for labels (the spec checks them too; handlers double-check what they store). */
function labelIssues(labels: readonly string[], field: string): ZodIssue[] {
  const issues: ZodIssue[] = [];
  labels.forEach((label, i) => {
    if (label.length === 0 || label.length > MAX_LABEL || !LABEL.test(label)) {
      issues.push({ code: "invalid_string", validation: "regex", message: "Invalid", path: [field, i] });
    }
  });
  return issues;
}

/** `latest` is the server's: asking for it is a 400 with an error class, not a Zod issue. */
const reservedLabel = (labels: readonly string[]): Reply | undefined =>
  labels.includes(LATEST) ? error(400, "Label 'latest' is always assigned to the latest prompt version", "InvalidRequestError") : undefined;

/** A version as Langfuse's GET returns it; `resolved` replaces its text or messages. */
function promptView(state: LangfuseState, row: LangfusePromptRow, resolved?: { text: string; messages: LangfuseMessageRow[] }) {
  const messages = (resolved?.messages ?? row.messages).map(messageView);
  return {
    id: row.id,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    projectId: state.projectId,
    createdBy: row.createdBy,
    prompt: row.type === "text" ? (resolved?.text ?? row.text) : messages,
    name: row.name,
    version: row.version,
    type: row.type,
    // Undocumented upstream: whether the version holds `production`.
    isActive: row.labels.includes(PRODUCTION),
    config: structuredClone(row.config),
    tags: [...row.tags],
    labels: [...row.labels],
    commitMessage: row.commitMessage,
  };
}

/** A chat message as Langfuse's schema parses it: the known fields only (unknown ones are dropped). */
function storedMessage(m: LangfuseMessageRow): LangfuseMessageRow {
  if (m.type === "placeholder") return { type: "placeholder", name: m.name ?? "" };
  return { ...(m.type ? { type: m.type } : {}), role: m.role ?? "", content: m.content ?? "" };
}

/** A stored message without the fields it was not given. */
function messageView(m: LangfuseMessageRow): Record<string, unknown> {
  return Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined && v !== null));
}

/** Langfuse's prompt routes (notes §1–§4), quirks included (see the README). */
export function routes(): Route<LangfuseState>[] {
  const db = (ctx: Ctx) => ctx.store.state;
  const versionsOf = (ctx: Ctx, name: string) =>
    db(ctx)
      .prompts.filter((p) => p.name === name)
      .sort((a, b) => a.version - b.version);
  const byTag = (ctx: Ctx) => (tag: DependencyTag) =>
    db(ctx).prompts.find(
      (p) => p.name === tag.name && (tag.version !== undefined ? p.version === tag.version : p.labels.includes(tag.label!)),
    );
  /** Moves `labels` onto `row`: removed from the name's other versions (touching those that lose one). */
  const moveLabels = (ctx: Ctx, row: LangfusePromptRow, labels: readonly string[], now: string) => {
    for (const other of versionsOf(ctx, row.name)) {
      if (other === row) continue;
      const kept = other.labels.filter((l) => !labels.includes(l));
      if (kept.length !== other.labels.length) {
        other.labels = kept;
        other.updatedAt = now;
      }
    }
    row.labels = [...new Set([...row.labels, ...labels])];
  };
  const dependencyReply = (e: unknown, status: (err: DependencyError) => Reply): Reply => {
    if (e instanceof DependencyError) return status(e);
    throw e;
  };

  return [
    {
      method: "GET",
      path: PROMPTS,
      handler: (ctx) => {
        const q = ctx.query as {
          name?: string;
          label?: string;
          tag?: string;
          page?: number;
          limit?: number;
          fromUpdatedAt?: string;
          toUpdatedAt?: string;
        };
        const page = q.page ?? 1;
        const limit = q.limit ?? DEFAULT_LIMIT;
        const issues: ZodIssue[] = [];
        for (const [key, value] of [
          ["page", page],
          ["limit", limit],
        ] as const) {
          if (!Number.isInteger(value) || value < 1)
            issues.push({ ...customIssue(`${key} must be an integer of at least 1`, [key]), code: "too_small" });
        }
        if (issues.length > 0) return invalidRequest(issues);
        const rows = db(ctx).prompts.filter(
          (p) =>
            (q.name === undefined || p.name === q.name) &&
            (q.label === undefined || p.labels.includes(q.label)) &&
            (q.tag === undefined || p.tags.includes(q.tag)) &&
            (q.fromUpdatedAt === undefined || p.updatedAt >= new Date(q.fromUpdatedAt).toISOString()) &&
            (q.toUpdatedAt === undefined || p.updatedAt < new Date(q.toUpdatedAt).toISOString()),
        );
        const names = [...new Set(rows.map((p) => p.name))].sort();
        const data = names.slice((page - 1) * limit, page * limit).map((name) => {
          const versions = rows.filter((p) => p.name === name).sort((a, b) => a.version - b.version);
          const last = versions.at(-1)!;
          return {
            name,
            type: last.type,
            versions: versions.map((v) => v.version),
            labels: [...new Set(versions.flatMap((v) => v.labels))],
            tags: [...last.tags],
            lastUpdatedAt: versions
              .map((v) => v.updatedAt)
              .sort()
              .at(-1)!,
            lastConfig: structuredClone(last.config),
          };
        });
        return json(200, { data, meta: { page, limit, totalItems: names.length, totalPages: Math.ceil(names.length / limit) } });
      },
    },
    {
      method: "POST",
      path: PROMPTS,
      write: true,
      handler: (ctx) => {
        const b = ctx.body as {
          name: string;
          type?: "chat" | "text" | null;
          prompt: unknown;
          config?: unknown;
          labels?: string[] | null;
          tags?: string[] | null;
          commitMessage?: string | null;
        };
        const type = b.type ?? "text";
        const issues: ZodIssue[] = [];
        if (b.name.length === 0 || b.name.length > MAX_NAME || b.name.includes("|")) {
          issues.push(customIssue(`Name must be 1 to ${MAX_NAME} characters, without '|'`, ["name"]));
        }
        if (type === "text" ? typeof b.prompt !== "string" : !Array.isArray(b.prompt)) {
          issues.push({
            code: "invalid_type",
            expected: type === "text" ? "string" : "array",
            message: "Invalid prompt",
            path: ["prompt"],
          });
        }
        const config = b.config ?? {};
        if (typeof config !== "object" || Array.isArray(config)) {
          issues.push({ code: "invalid_type", expected: "object", message: "Expected object", path: ["config"] });
        }
        issues.push(...labelIssues(b.labels ?? [], "labels"));
        if (issues.length > 0) return invalidRequest(issues);
        const reserved = reservedLabel(b.labels ?? []);
        if (reserved) return reserved;

        const existing = versionsOf(ctx, b.name);
        const previous = existing.at(-1);
        if (previous && previous.type !== type) {
          return error(
            400,
            "Previous versions have different prompt type. Create a new prompt with a different name.",
            "InvalidRequestError",
          );
        }
        const now = ctx.store.now();
        const row: LangfusePromptRow = {
          id: ctx.store.uuid(),
          name: b.name,
          version: (previous?.version ?? 0) + 1,
          type,
          text: type === "text" ? (b.prompt as string) : "",
          messages: type === "chat" ? (b.prompt as LangfuseMessageRow[]).map(storedMessage) : [],
          config: structuredClone(config as Record<string, unknown>),
          labels: [],
          tags: b.tags ? [...new Set(b.tags)] : [...(previous?.tags ?? [])],
          commitMessage: b.commitMessage ?? null,
          createdBy: "API",
          createdAt: now,
          updatedAt: now,
        };
        db(ctx).prompts.push(row);
        moveLabels(ctx, row, [...new Set([...(b.labels ?? []), LATEST])], now);
        // Tags belong to the prompt: the same on every version.
        if (b.tags) for (const other of existing) other.tags = [...row.tags];
        try {
          resolveDependencies(row, byTag(ctx));
        } catch (e) {
          return dependencyReply(e, (err) => conflict(err.message));
        }
        // Langfuse's published spec says 200; the server answers 201 (see specs/langfuse/SOURCE.md).
        return json(201, promptView(db(ctx), row));
      },
    },
    {
      method: "GET",
      path: `${PROMPTS}/{promptName}`,
      handler: (ctx) => {
        const name = ctx.params.promptName!;
        const { version, label, resolve } = ctx.query as { version?: number | null; label?: string | null; resolve?: boolean | null };
        const hasVersion = version !== undefined && version !== null;
        const hasLabel = label !== undefined && label !== null;
        if (hasVersion && hasLabel) return invalidRequest([customIssue("Cannot specify both version and label", [])]);
        const wanted = hasVersion ? { version } : { label: hasLabel ? label : PRODUCTION };
        const row = versionsOf(ctx, name).find((p) => (hasVersion ? p.version === version : p.labels.includes(wanted.label!)));
        if (!row) {
          return notFound(`Prompt not found: '${name}' with ${hasVersion ? `version ${version}` : `label '${wanted.label}'`}`);
        }
        if (resolve === false) return json(200, { ...promptView(db(ctx), row), resolutionGraph: null });
        try {
          const resolved = resolveDependencies(row, byTag(ctx));
          return json(200, { ...promptView(db(ctx), row, resolved), resolutionGraph: resolved.graph });
        } catch (e) {
          // A child removed or relabelled after the parent was created.
          return dependencyReply(e, (err) =>
            err.kind === "missing" ? notFound(err.message) : error(400, err.message, "InvalidRequestError"),
          );
        }
      },
    },
    {
      method: "DELETE",
      path: `${PROMPTS}/{promptName}`,
      write: true,
      handler: (ctx) => {
        const name = ctx.params.promptName!;
        const { version, label } = ctx.query as { version?: number | null; label?: string | null };
        const all = versionsOf(ctx, name);
        const doomed = all.filter(
          (p) =>
            (version === undefined || version === null || p.version === version) &&
            (label === undefined || label === null || p.labels.includes(label)),
        );
        if (doomed.length === 0) {
          const filters = [version != null ? `version ${version}` : "", label != null ? `label '${label}'` : ""].filter(Boolean);
          return notFound(`Prompt not found: '${name}'${filters.length ? ` with ${filters.join(" and ")}` : ""}`);
        }
        const state = db(ctx);
        state.prompts = state.prompts.filter((p) => !doomed.includes(p));
        // Versions still standing must still resolve: deleting a version another prompt includes is refused.
        const lookUp = byTag(ctx);
        for (const dependent of state.prompts) {
          for (const tag of textsOf(dependent).flatMap(parseDependencyTags)) {
            if (!lookUp(tag) && doomed.some((d) => d.name === tag.name)) {
              return error(
                400,
                `Other prompts depend on the prompt versions you are trying to delete: '${dependent.name}' version ${dependent.version} includes ${describeTag(tag)}. Delete or update the dependent prompts first.`,
                "InvalidRequestError",
              );
            }
          }
        }
        // `latest` stays on the newest remaining version.
        const remaining = versionsOf(ctx, name);
        const newest = remaining.at(-1);
        if (newest && !remaining.some((p) => p.labels.includes(LATEST))) newest.labels = [...newest.labels, LATEST];
        return { status: 204 };
      },
    },
    {
      method: "PATCH",
      path: `${PROMPTS}/{name}/versions/{version}`,
      write: true,
      handler: (ctx) => {
        const name = ctx.params.name!;
        const rawVersion = ctx.params.version!;
        const { newLabels } = ctx.body as { newLabels: string[] };
        const issues = labelIssues(newLabels, "newLabels");
        if (!/^\d+$/.test(rawVersion))
          issues.unshift({ code: "invalid_type", expected: "number", message: "Expected number", path: ["version"] });
        if (issues.length > 0) return invalidRequest(issues);
        const reserved = reservedLabel(newLabels);
        if (reserved) return reserved;
        const row = versionsOf(ctx, name).find((p) => p.version === Number(rawVersion));
        if (!row) return notFound(`Prompt not found: '${name}' with version ${rawVersion}`);
        const now = ctx.store.now();
        moveLabels(ctx, row, [...new Set(newLabels)], now);
        row.updatedAt = now;
        return json(200, promptView(db(ctx), row));
      },
    },
  ];
}
