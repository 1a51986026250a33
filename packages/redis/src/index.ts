export { createRedisStore, RedisStoreError, type RedisCommandClient, type RedisStoreOptions } from "./redis-store.js";
