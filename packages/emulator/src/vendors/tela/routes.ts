import { json, type Context, type Route } from "../../vendor-kit.js";
import { error } from "./dialect.js";
import { seedIds } from "./seed.js";
import type { TelaMessageRow, TelaMessageShape, TelaPromptRow, TelaPublicationRow, TelaState, TelaVersionRow } from "./state.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Oldest first; rows are appended in creation order, so the array index breaks ties. */
function oldestFirst(rows: TelaVersionRow[]): TelaVersionRow[] {
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => (a.row.createdAt === b.row.createdAt ? a.i - b.i : a.row.createdAt < b.row.createdAt ? -1 : 1))
    .map((x) => x.row);
}

interface MessageInput {
  role?: string;
  content?: string | null;
  markdownContent?: string | null;
}

/** Tela's prompt ("canvas") and prompt-version API (notes §2–§3), quirks included (see the README). */
export function routes(): Route<TelaState>[] {
  type Ctx = Context<TelaState>;
  const db = (ctx: Ctx): TelaState => ctx.store.state;
  const canvas = (ctx: Ctx, id: unknown) =>
    typeof id === "string" && UUID.test(id) ? db(ctx).prompts.find((p) => p.id === id) : undefined;
  const version = (ctx: Ctx, id: unknown) =>
    typeof id === "string" && UUID.test(id) ? db(ctx).versions.find((v) => v.id === id) : undefined;
  const versionsOf = (ctx: Ctx, promptId: string) => oldestFirst(db(ctx).versions.filter((v) => v.promptId === promptId));
  const activePublications = (ctx: Ctx, promptId: string) =>
    db(ctx).publications.filter((p) => p.resourceId === promptId && p.unpublishedAt === null);
  const envName = (ctx: Ctx, environmentId: string) => db(ctx).environments.find((e) => e.id === environmentId)?.name ?? environmentId;
  const environmentsOf = (ctx: Ctx, v: TelaVersionRow) =>
    activePublications(ctx, v.promptId)
      .filter((p) => p.versionId === v.id)
      .map((p) => envName(ctx, p.environmentId));

  const messageView = (v: TelaVersionRow, m: TelaMessageRow, full: boolean) => {
    const base = { id: m.id, promptVersionId: v.id, role: m.role, content: m.content, markdownContent: m.markdownContent, index: m.index };
    return full
      ? { ...base, createdAt: m.createdAt, createdBy: m.createdBy, updatedAt: m.createdAt, updatedBy: null, deletedAt: null }
      : base;
  };

  /** A full version, its message(s) in the shape it was stored with. */
  const versionView = (v: TelaVersionRow): Record<string, unknown> => {
    const out: Record<string, unknown> = {
      id: v.id,
      promptId: v.promptId,
      title: v.title,
      content: v.content,
      markdownContent: v.markdownContent,
      configuration: structuredClone(v.configuration),
      variables: structuredClone(v.variables),
      promoted: v.promoted,
      draft: v.draft,
    };
    const first = v.messages[0];
    if (v.messageShape === "object" && first) out.messages = { role: first.role, content: first.content, index: first.index };
    else if (v.messageShape === "array") out.messages = v.messages.map((m) => messageView(v, m, true));
    else if (v.messageShape === "message" && first) out.message = messageView(v, first, false);
    Object.assign(out, {
      originVersionId: v.originVersionId,
      workspaceId: v.workspaceId,
      isWorkflow: false,
      createdBy: v.createdBy,
      updatedBy: v.updatedBy,
      deletedBy: null,
      deletedAt: null,
      createdAt: v.createdAt,
      updatedAt: v.updatedAt,
    });
    return out;
  };

  /** Position data of the newer endpoints: `versionIndex` (1-based, oldest = 1) and the previous version. */
  const position = (ctx: Ctx, v: TelaVersionRow) => {
    const all = versionsOf(ctx, v.promptId);
    const i = all.indexOf(v);
    return { versionIndex: i + 1, previousVersionId: i > 0 ? all[i - 1]!.id : null };
  };

  const resolvedView = (ctx: Ctx, v: TelaVersionRow) => ({ ...versionView(v), environments: environmentsOf(ctx, v), ...position(ctx, v) });

  /** The live version: the `production` publication, else (legacy) the most recently updated `promoted: true` version. */
  const promotedVersion = (ctx: Ctx, p: TelaPromptRow) => {
    const production = db(ctx).environments.find((e) => e.name === "production");
    const pub = production && activePublications(ctx, p.id).find((x) => x.environmentId === production.id);
    if (pub) return version(ctx, pub.versionId);
    const promoted = versionsOf(ctx, p.id).filter((v) => v.promoted === true);
    return promoted.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0))[0];
  };

  const canvasView = (ctx: Ctx, p: TelaPromptRow, embed: boolean) => {
    const out: Record<string, unknown> = {
      id: p.id,
      title: p.title,
      projectId: p.projectId,
      workspaceId: p.workspaceId,
      isWorkflow: p.isWorkflow,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    };
    if (embed) {
      const promoted = promotedVersion(ctx, p);
      const last = versionsOf(ctx, p.id).at(-1);
      if (promoted) out.promotedVersion = versionView(promoted);
      if (last) out.lastVersion = versionView(last);
    }
    return out;
  };

  /** `message` (preferred) or the deprecated `messages` (object or one-element array) → stored rows and shape. */
  const messagesFrom = (
    ctx: Ctx,
    b: Record<string, unknown>,
    now: string,
  ): { shape: TelaMessageShape; rows: TelaMessageRow[] } | undefined => {
    let shape: TelaMessageShape;
    let input: MessageInput;
    if (b.message !== undefined) [shape, input] = ["message", b.message as MessageInput];
    else if (Array.isArray(b.messages)) [shape, input] = ["array", b.messages[0] as MessageInput];
    else if (b.messages !== undefined) [shape, input] = ["object", b.messages as MessageInput];
    else return undefined;
    const row: TelaMessageRow = {
      id: ctx.store.uuid(),
      role: "system",
      content: input.content ?? null,
      markdownContent: input.markdownContent ?? null,
      index: 0,
      createdAt: now,
      createdBy: seedIds.userId,
    };
    return { shape, rows: [row] };
  };

  const applyFields = (v: TelaVersionRow, b: Record<string, unknown>) => {
    if (b.title !== undefined) v.title = b.title as string;
    if (b.content !== undefined) v.content = b.content as string | null;
    if (b.markdownContent !== undefined) v.markdownContent = b.markdownContent as string | null;
    if (b.configuration !== undefined) v.configuration = structuredClone(b.configuration as Record<string, unknown>);
    if (b.variables !== undefined) v.variables = structuredClone(b.variables as Record<string, unknown>[]);
    if (b.promoted !== undefined) v.promoted = b.promoted as boolean;
    if (b.draft !== undefined) v.draft = b.draft as boolean;
  };

  const promptNotFound = () => error(404, "Prompt not found");
  const versionNotFound = () => error(404, "Prompt version not found");

  return [
    {
      method: "GET",
      path: "/prompt",
      handler: (ctx) => {
        const { projectId, personal, includePromotedVersion } = ctx.query as {
          projectId?: string;
          personal?: boolean;
          includePromotedVersion?: boolean;
        };
        const rows = db(ctx).prompts.filter((p) =>
          personal ? p.projectId === null : projectId === undefined || p.projectId === projectId,
        );
        return json(
          200,
          rows.map((p) => canvasView(ctx, p, includePromotedVersion === true)),
        );
      },
    },
    {
      method: "GET",
      path: "/prompt/{id}",
      handler: (ctx) => {
        const p = canvas(ctx, ctx.params.id);
        return p ? json(200, canvasView(ctx, p, false)) : promptNotFound();
      },
    },
    {
      method: "GET",
      path: "/prompt/{id}/promoted-version",
      handler: (ctx) => {
        const p = canvas(ctx, ctx.params.id);
        if (!p) return promptNotFound();
        const v = promotedVersion(ctx, p);
        return v ? json(200, resolvedView(ctx, v)) : error(404, "No promoted version found for this prompt");
      },
    },
    {
      method: "GET",
      path: "/prompt/{id}/latest-version",
      handler: (ctx) => {
        const p = canvas(ctx, ctx.params.id);
        if (!p) return promptNotFound();
        const v = versionsOf(ctx, p.id).at(-1);
        return v ? json(200, resolvedView(ctx, v)) : error(404, "No version found for this prompt");
      },
    },
    // Before `/prompt-version/{id}`.
    {
      method: "GET",
      path: "/prompt-version/history",
      handler: (ctx) => {
        const { promptId, limit, offset } = ctx.query as { promptId: string; limit: number; offset: number };
        const all = versionsOf(ctx, promptId);
        const items = all
          .map((v, i) => ({
            id: v.id,
            promptId: v.promptId,
            title: v.title,
            draft: v.draft,
            promoted: v.promoted,
            originVersionId: v.originVersionId,
            environments: environmentsOf(ctx, v),
            versionIndex: i + 1,
            createdAt: v.createdAt,
            updatedAt: v.updatedAt,
          }))
          .reverse();
        return json(200, { data: items.slice(offset, offset + limit), meta: { total: items.length, limit, offset } });
      },
    },
    {
      method: "GET",
      path: "/prompt-version/{id}",
      handler: (ctx) => {
        const v = version(ctx, ctx.params.id);
        return v ? json(200, versionView(v)) : versionNotFound();
      },
    },
    {
      method: "GET",
      path: "/prompt-version",
      handler: (ctx) => json(200, versionsOf(ctx, String(ctx.query.promptId)).map(versionView)),
    },
    {
      method: "POST",
      path: "/prompt-version",
      write: true,
      handler: (ctx) => {
        const b = ctx.body as Record<string, unknown>;
        const p = canvas(ctx, b.promptId);
        // The spec documents no 404 here: an unknown canvas is a bad request.
        if (!p) return error(400, `Prompt ${String(b.promptId)} not found`, { code: "BAD_REQUEST" });
        const now = ctx.store.now();
        const previous = versionsOf(ctx, p.id).at(-1);
        const messages = messagesFrom(ctx, b, now);
        const v: TelaVersionRow = {
          id: ctx.store.uuid(),
          promptId: p.id,
          title: "",
          content: null,
          markdownContent: null,
          configuration: {},
          variables: [],
          promoted: false,
          draft: true,
          messageShape: messages?.shape ?? "absent",
          messages: messages?.rows ?? [],
          originVersionId: previous?.id ?? null,
          workspaceId: p.workspaceId,
          createdBy: seedIds.userId,
          updatedBy: seedIds.userId,
          createdAt: now,
          updatedAt: now,
        };
        applyFields(v, b);
        db(ctx).versions.push(v);
        p.updatedAt = now;
        return json(201, versionView(v));
      },
    },
    {
      method: "PATCH",
      path: "/prompt-version/{id}",
      write: true,
      handler: (ctx) => {
        const v = version(ctx, ctx.params.id);
        if (!v) return versionNotFound();
        const b = ctx.body as Record<string, unknown>;
        const now = ctx.store.now();
        applyFields(v, b);
        const messages = messagesFrom(ctx, b, now);
        if (messages) [v.messageShape, v.messages] = [messages.shape, messages.rows];
        v.updatedAt = now;
        v.updatedBy = seedIds.userId;
        const p = canvas(ctx, v.promptId);
        if (p) p.updatedAt = now;
        return json(200, versionView(v));
      },
    },
    {
      method: "POST",
      path: "/environment/publish-by-name",
      write: true,
      handler: (ctx) => {
        const b = ctx.body as { resourceId: string; envName: string; versionId: string; autoCreate?: boolean };
        const p = canvas(ctx, b.resourceId);
        if (!p) return promptNotFound();
        const v = version(ctx, b.versionId);
        if (!v || v.promptId !== p.id) return versionNotFound();
        const now = ctx.store.now();
        let env = db(ctx).environments.find((e) => e.name === b.envName);
        if (!env) {
          if (!b.autoCreate) return error(404, `Environment "${b.envName}" not found`);
          env = { id: ctx.store.uuid(), name: b.envName, workspaceId: p.workspaceId, createdAt: now };
          db(ctx).environments.push(env);
        }
        const envId = env.id;
        const active = activePublications(ctx, p.id).find((x) => x.environmentId === envId);
        const view = (pub: TelaPublicationRow) => ({
          id: pub.id,
          environment: { id: envId, name: b.envName },
          resourceType: pub.resourceType,
          resourceId: pub.resourceId,
          versionId: pub.versionId,
          publishedAt: pub.publishedAt,
        });
        // Re-publishing the active version is a no-op.
        if (active?.versionId === v.id) return json(200, view(active));
        if (active) active.unpublishedAt = now;
        const pub: TelaPublicationRow = {
          id: ctx.store.uuid(),
          environmentId: envId,
          resourceType: "prompt",
          resourceId: p.id,
          versionId: v.id,
          publishedAt: now,
          unpublishedAt: null,
        };
        db(ctx).publications.push(pub);
        v.draft = false;
        if (b.envName === "production") {
          for (const other of versionsOf(ctx, p.id)) {
            if (other !== v && other.promoted) {
              other.promoted = false;
              other.updatedAt = now;
            }
          }
          v.promoted = true;
        }
        v.updatedAt = now;
        p.updatedAt = now;
        return json(200, view(pub));
      },
    },
  ];
}
