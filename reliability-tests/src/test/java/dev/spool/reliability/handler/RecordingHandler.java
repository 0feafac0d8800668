package dev.spool.reliability.handler;

import dev.spool.api.TaskContext;
import dev.spool.api.TaskHandler;
import redis.clients.jedis.JedisPooled;

import java.util.List;

/**
 * The handler the chaos runs deploy into real worker processes (packed into a handlers JAR by
 * {@code HandlersJar}). Its duties:
 * <ol>
 *   <li>note the start of the execution: an {@code RPUSH} of {@code id|pid|attempt|startMs} to {@value #STARTS_KEY};</li>
 *   <li>run one task of type {@value #TYPE}: sleep {@code sleepMs} (the "work"), honouring cancellation;</li>
 *   <li>record the execution as its one effect, atomically, in the recorder Redis named by the
 *       environment variable {@value #ENV_URL} (never the Redis under test, so the chaos cannot
 *       disturb the evidence): {@code HINCRBY} of the task id in {@value #OK_KEY} when it succeeded,
 *       and an {@code RPUSH} of {@code id|pid|attempt|startMs|endMs|outcome} to {@value #LOG_KEY};</li>
 *   <li>throw for a poisoned task, so that it is retried and then dead-lettered.</li>
 * </ol>
 * The worker identity is the worker JVM's process id, which the test knows because it started it.
 */
public class RecordingHandler implements TaskHandler<RecordingHandler.Job> {

    /** The task type. */
    public static final String TYPE = "chaos.record";
    /** The environment variable with the recorder's URL. */
    public static final String ENV_URL = "SPOOL_TEST_RECORD_URL";
    /** Hash: task id to the number of successful executions. */
    public static final String OK_KEY = "spool-test:{exec}:ok";
    /** List of every execution that started. */
    public static final String STARTS_KEY = "spool-test:{exec}:starts";
    /** List of every execution that reached its end, successful or not. */
    public static final String LOG_KEY = "spool-test:{exec}:log";

    private static final String SCRIPT = "if ARGV[3] == '1' then redis.call('HINCRBY', KEYS[1], ARGV[1], 1) end "
            + "return redis.call('RPUSH', KEYS[2], ARGV[2])";
    private static final String PID = Long.toString(ProcessHandle.current().pid());
    private static final JedisPooled RECORDER = new JedisPooled(requireUrl());

    /**
     * The payload.
     *
     * @param sleepMs how long the task "works"
     * @param poison  true for a task that always fails
     */
    public record Job(long sleepMs, boolean poison) {
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<Job> payloadType() {
        return Job.class;
    }

    /** The same handler under another type, {@value #TYPE}.other: for a queue that holds two types. */
    public static final class Other extends RecordingHandler {
        /** The task type. */
        public static final String TYPE = RecordingHandler.TYPE + ".other";

        @Override
        public String type() {
            return TYPE;
        }
    }

    @Override
    public void handle(Job job, TaskContext context) throws Exception {
        long start = System.currentTimeMillis();
        RECORDER.rpush(STARTS_KEY, context.taskId() + "|" + PID + "|" + context.attempt() + "|" + start);
        long until = start + job.sleepMs();
        for (long left = job.sleepMs(); left > 0; left = until - System.currentTimeMillis()) {
            context.throwIfCancelled();
            Thread.sleep(Math.min(left, 250));
        }
        boolean ok = !job.poison();
        record(context.taskId() + "|" + PID + "|" + context.attempt() + "|" + start + "|" + System.currentTimeMillis()
                + "|" + (ok ? "ok" : "fail"), context.taskId(), ok);
        if (!ok) {
            throw new IllegalStateException("task " + context.taskId() + " is poisoned on purpose");
        }
    }

    private static void record(String line, String id, boolean ok) {
        RECORDER.eval(SCRIPT, List.of(OK_KEY, LOG_KEY), List.of(id, line, ok ? "1" : "0"));
    }

    private static String requireUrl() {
        String url = System.getenv(ENV_URL);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException(ENV_URL + " is not set: the recording handler needs the recorder Redis URL");
        }
        return url;
    }
}
