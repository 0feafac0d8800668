package dev.spool.redis.list;

import dev.spool.redis.core.LuaScript;

/**
 * The Lua scripts of this backend, read once from {@code lua/*.lua} resources with their
 * {@code --@include} lines inlined ({@link LuaScript}). Each is called by its SHA1; the source is
 * kept to re-send it when a server answers NOSCRIPT. See {@link RedisLink#eval}.
 */
final class Scripts {
    static final LuaScript ENQUEUE = load("enqueue");
    static final LuaScript FETCH = load("fetch");
    static final LuaScript ACK = load("ack");
    static final LuaScript RETRY = load("retry");
    static final LuaScript FAIL = load("fail");
    static final LuaScript RENEW = load("renew");
    static final LuaScript RELEASE = load("release");
    static final LuaScript REAP = load("reap");
    static final LuaScript REQUEUE_DEAD = load("requeue_dead");
    static final LuaScript DELETE_DEAD = load("delete_dead");
    static final LuaScript PURGE = load("purge");
    static final LuaScript STATS = load("stats");
    static final LuaScript HISTORY = load("history");
    static final LuaScript PAGE = load("page");
    static final LuaScript DEAD_LIST = load("dead_list");
    static final LuaScript INFO = load("info");
    static final LuaScript CANCEL = load("cancel");
    static final LuaScript RUN_NOW = load("run_now");
    static final LuaScript DELETE = load("delete");
    static final LuaScript PROGRESS = load("progress");
    static final LuaScript PAUSE = load("pause");

    private Scripts() {
    }

    static LuaScript load(String name) {
        return LuaScript.load(Scripts.class, "lua/", name);
    }
}
