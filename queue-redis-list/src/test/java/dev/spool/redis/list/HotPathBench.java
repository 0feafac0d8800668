package dev.spool.redis.list;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A measuring tool for the fetch/ack hot path (bench finding B5), not a test: it has a
 * {@code main}, no JUnit annotations, and a name Surefire does not pick up, so the build never
 * runs it. It drains N queued tasks through {@code fetch(1)} + {@code ack} and through
 * {@code fetch(64)} + {@code ackAll} on a redis-server the caller started (one warm-up round, one
 * measured round) and prints tasks/s, the Redis commands per task counted by the server
 * ({@code INFO commandstats}, including those run inside scripts, without the tool's own
 * {@code CONFIG}/{@code INFO}), the script time per task, and per command kind its calls and
 * server time per task. It flushes the server it is pointed at: use a scratch server. How to run it
 * is in the module README ("Measuring the hot path").
 * <p>Arguments: {@code <port> [tasks, default 20000]}.
 */
final class HotPathBench {
    private static final Pattern STAT = Pattern.compile("^cmdstat_([a-z|]+):calls=(\\d+),usec=(\\d+),");

    private HotPathBench() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: HotPathBench <port of a scratch redis-server on 127.0.0.1> [tasks]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        try (Broker broker = Spool.connect("redis-list", BackendConfig.builder("redis://127.0.0.1:" + port).build());
             Jedis jedis = new Jedis("127.0.0.1", port)) {
            for (int round = 0; round < 2; round++) { // the first round warms up
                for (int batch : new int[] {1, 64}) {
                    jedis.flushAll();
                    TaskQueue q = broker.queue("bench-" + batch);
                    List<Task> tasks = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        tasks.add(Task.of("bench", "{\"i\":" + i + ",\"pad\":\"0123456789012345678901234567890123456789\"}"));
                    }
                    q.enqueueAll(tasks);
                    jedis.configResetStat();
                    long t0 = System.nanoTime();
                    int done = 0;
                    while (done < n) {
                        List<Delivery> got = q.fetch(batch, Duration.ZERO);
                        if (batch == 1) {
                            for (Delivery d : got) {
                                q.ack(d);
                            }
                        } else {
                            q.ackAll(got);
                        }
                        done += got.size();
                    }
                    double secs = (System.nanoTime() - t0) / 1e9;
                    if (round == 1) {
                        report(jedis.info("commandstats"), batch, n, secs);
                    }
                }
            }
        }
    }

    private static void report(String info, int batch, int n, double secs) {
        long calls = 0;
        long scriptUsec = 0;
        Map<String, long[]> byCommand = new TreeMap<>();
        for (String line : info.split("\r?\n")) {
            Matcher m = STAT.matcher(line);
            if (!m.find() || m.group(1).startsWith("config") || m.group(1).equals("info")) {
                continue;
            }
            long c = Long.parseLong(m.group(2));
            calls += c;
            byCommand.put(m.group(1), new long[] {c, Long.parseLong(m.group(3))});
            if (m.group(1).equals("evalsha") || m.group(1).equals("eval")) {
                scriptUsec += Long.parseLong(m.group(3));
            }
        }
        StringBuilder perTask = new StringBuilder();
        byCommand.forEach((cmd, c) -> perTask.append(' ').append(cmd).append(' ')
                .append(String.format("%.2f/%.2fus", (double) c[0] / n, (double) c[1] / n)));
        System.out.printf("fetch(%d)+%s: %d tasks, %.0f tasks/s, %.2f Redis commands per task, %.1f us of script"
                        + " time per task%n  per task (calls/server time):%s%n", batch, batch == 1 ? "ack" : "ackAll", n, n / secs,
                (double) calls / n, (double) scriptUsec / n, perTask);
    }
}
