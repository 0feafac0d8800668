package dev.spool.bench;

import redis.clients.jedis.Jedis;

import java.util.HashMap;
import java.util.Map;

/**
 * Redis {@code INFO commandstats} call counts, to tell how much Redis work a worker does per task.
 * Redis counts the commands a Lua script runs as well as the EVALSHA that ran it, so two totals are
 * kept: script calls (EVAL, EVALSHA: each one a round trip of the client) and every command.
 */
record CommandStats(long scriptCalls, long allCalls) {

    static CommandStats read(Jedis j) {
        Map<String, Long> calls = new HashMap<>();
        for (String line : j.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                int at = line.indexOf("calls=") + "calls=".length();
                int end = line.indexOf(',', at);
                calls.put(name, Long.parseLong(line.substring(at, end < 0 ? line.length() : end)));
            }
        }
        long scripts = calls.getOrDefault("evalsha", 0L) + calls.getOrDefault("eval", 0L);
        return new CommandStats(scripts, calls.values().stream().mapToLong(Long::longValue).sum());
    }

    CommandStats minus(CommandStats o) {
        return new CommandStats(scriptCalls - o.scriptCalls, allCalls - o.allCalls);
    }

    CommandStats times(long k) {
        return new CommandStats(scriptCalls * k, allCalls * k);
    }
}
