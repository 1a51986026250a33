export { type RedisCommandClient, RedisStoreError } from "./redis-commands.js";
export {
  createRedisStore,
  type RedisMessageListener,
  type RedisStore,
  type RedisStoreOptions,
  type RedisSubscriberClient,
} from "./redis-store.js";
