export {
  createRedisStore,
  type RedisCommandClient,
  type RedisMessageListener,
  type RedisStore,
  RedisStoreError,
  type RedisStoreOptions,
  type RedisSubscriberClient,
} from "./redis-store.js";
