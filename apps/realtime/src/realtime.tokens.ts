/** Injection tokens of the realtime app's infrastructure. */
export const CONFIG = Symbol('CONFIG');
/** Redis for commands (XRANGE, PING); never used for a blocking read. */
export const REDIS = Symbol('REDIS');
/** Redis reserved for the XREAD BLOCK loop, which holds its connection while it waits. */
export const REDIS_BLOCKING = Symbol('REDIS_BLOCKING');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
