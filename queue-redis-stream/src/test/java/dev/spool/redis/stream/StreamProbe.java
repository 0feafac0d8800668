package dev.spool.redis.stream;

import dev.spool.testkit.redis.RedisServerExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** Looks at a queue's Redis structures directly, the way an operator would with redis-cli. */
final class StreamProbe {
    private StreamProbe() {
    }

    static Function<String[], Object> of(RedisServerExtension redis) {
        return redis::command;
    }

    /** The consumers of the group "spool" over every priority stream of {@code queue}. */
    static Set<String> consumers(RedisServerExtension redis, String queue) {
        return consumers(of(redis), queue);
    }

    static Set<String> consumers(Function<String[], Object> redis, String queue) {
        Set<String> names = new TreeSet<>();
        for (int p = 0; p <= 9; p++) {
            String s = Keys.stream(queue, p);
            if (((Number) redis.apply(new String[] {"EXISTS", s})).longValue() == 1) {
                for (Object c : (List<?>) redis.apply(new String[] {"XINFO", "CONSUMERS", s, "spool"})) {
                    List<?> fields = (List<?>) c;
                    names.add(String.valueOf(fields.get(1)));
                }
            }
        }
        return names;
    }

    /** Entries stored over every priority stream of {@code queue} (XLEN summed). */
    static long entries(Function<String[], Object> redis, String queue) {
        long n = 0;
        for (int p = 0; p <= 9; p++) {
            n += ((Number) redis.apply(new String[] {"XLEN", Keys.stream(queue, p)})).longValue();
        }
        return n;
    }

    /** Pending entries (the PEL) over every priority stream of {@code queue}. */
    static long pending(Function<String[], Object> redis, String queue) {
        long n = 0;
        for (int p = 0; p <= 9; p++) {
            String s = Keys.stream(queue, p);
            if (((Number) redis.apply(new String[] {"EXISTS", s})).longValue() == 1) {
                n += ((Number) ((List<?>) redis.apply(new String[] {"XPENDING", s, "spool"})).get(0)).longValue();
            }
        }
        return n;
    }

    /** The names of every key of {@code queue}, found with SCAN. */
    static List<String> keys(Function<String[], Object> redis, String queue) {
        List<String> keys = new ArrayList<>();
        String cursor = "0";
        do {
            List<?> r = (List<?>) redis.apply(new String[] {"SCAN", cursor, "MATCH", "spool:{" + queue + "}:*", "COUNT", "1000"});
            cursor = String.valueOf(r.get(0));
            for (Object k : (List<?>) r.get(1)) {
                keys.add(String.valueOf(k));
            }
        } while (!cursor.equals("0"));
        keys.sort(null);
        return keys;
    }
}
