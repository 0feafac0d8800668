package dev.spool.redis.list;

import dev.spool.api.BackendException;
import dev.spool.api.RetryResult;
import dev.spool.redis.core.Replies;
import dev.spool.redis.core.ServerErrors;

import java.util.List;

/**
 * This backend's reading of its scripts' answers: the codes both Redis adapters share are
 * {@link Replies}' (done, lease lost, dead-lettered; every other answer an error); fetch.lua, which
 * only this backend has, starts its answer with {@value #FETCH_LEASED} (leased), {@value #FETCH_EMPTY}
 * (nothing ready) or {@value #FETCH_PAUSED} (paused).
 */
final class ResultCodes {
    static final long FETCH_LEASED = 1;
    static final long FETCH_EMPTY = 0;
    static final long FETCH_PAUSED = -1;
    private static final String BACKEND = RedisListBackend.NAME;

    private ResultCodes() {
    }

    static boolean done(Object reply, String script, String queue) {
        return Replies.done(reply, BACKEND, script, queue);
    }

    static RetryResult retry(Object reply, String queue) {
        return Replies.retry(reply, BACKEND, "retry", queue);
    }

    static long number(Object reply, String script, String queue) {
        return Replies.number(reply, BACKEND, script, queue);
    }

    static List<Object> list(Object reply, String script, String queue) {
        return Replies.list(reply, BACKEND, script, queue);
    }

    static String string(Object o) {
        return Replies.string(o);
    }

    static BackendException unexpected(Object reply, String script, String queue) {
        return Replies.unexpected(reply, BACKEND, script, queue);
    }

    static BackendException wrongType(String operation, String key, String holds, String expected, Throwable cause) {
        return ServerErrors.wrongType(BACKEND, operation, key, holds, expected, cause);
    }
}
