/** Injection tokens for values that are not classes of our own. */
export const CONFIG = Symbol('CONFIG');
export const PRICE_TABLE = Symbol('PRICE_TABLE');
export const REDIS = Symbol('REDIS');
