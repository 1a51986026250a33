import type { TestProject } from "vitest/node";
import { findRedisServer, type RedisServer, startRedisServer } from "../testing/redis-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The shared test server's URL, or null when `redis-server` is not installed. */
    redisUrl: string | null;
  }
}

let server: RedisServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  if (findRedisServer() === undefined) {
    console.log(
      "SKIPPED @polyprompt/redis tests against a real Redis: redis-server is not on the PATH (install it: apt-get install -y redis-server)",
    );
    project.provide("redisUrl", null);
    return;
  }
  server = await startRedisServer();
  project.provide("redisUrl", server.url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
