/**
 * What both Redis adapters ({@code redis-list} on Jedis, {@code redis-stream} on Redisson) share, written
 * once and free of any Redis client: reading the server's replies the same way on every Redis version,
 * and the checks of the server an adapter makes when it connects. An adapter passes in what its client
 * read; nothing here talks to Redis itself.
 *
 * <p>Not an API for applications: the types are public only so that the adapters, in other modules,
 * can use them.
 */
package dev.spool.redis.core;
