package dev.spool.reliability;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.QueueStats;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.reliability.handler.RecordingHandler;
import dev.spool.testkit.redis.ClusterNode;
import dev.spool.testkit.redis.RedisClusterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Redis Cluster failover under a steady load, with real workers. Its duties:
 * <ol>
 *   <li>measure what WAIT for one replica on enqueue costs (single enqueues and batches, healthy cluster);</li>
 *   <li>run phases on queues whose slot lives on the master to be killed: the producer enqueues at a steady rate,
 *       the master is SIGKILLed and its replica promoted (CLUSTER FAILOVER TAKEOVER), the killed node rejoins
 *       as a replica; optionally the replica lags first (it is SIGSTOPped and a 16 MB write fills the socket
 *       buffers, so the master acknowledges writes only it holds; SIGCONT after the kill), optionally every
 *       enqueue is confirmed by WAIT 1 ({@link ReplicaWait});</li>
 *   <li>for each phase, the books: accepted, lost (accepted, never succeeded), when the lost ones were
 *       accepted relative to the lag and the kill, tasks run twice.</li>
 * </ol>
 */
final class FailoverRun {

    /**
     * One phase's outcome.
     *
     * @param name         what the phase did
     * @param accepted     tasks accepted
     * @param lost         accepted tasks that never succeeded
     * @param lostInWindow of those, accepted between the lag start (or a second before the kill) and the kill
     * @param rerun        tasks started more than once
     * @param unconfirmed  batches that WAIT could not confirm (re-enqueued under new ids)
     * @param failoverMs   from the kill to a healthy cluster with the replica promoted
     * @param replicaBackMs from the kill until the killed node was back as a replica
     */
    record Phase(String name, int accepted, Set<String> lost, int lostInWindow, int rerun, long unconfirmed,
                 long refused, long failoverMs, long replicaBackMs) {
        String render() {
            return String.format("  %s:%n    accepted %d, LOST %d (%d of them acknowledged in the unreplicated window), "
                    + "run twice %d, WAIT-unconfirmed batches %d (re-enqueued), enqueue calls that threw %d (re-enqueued), "
                    + "promoted after %d ms, old master back as replica after %d ms%n", name, accepted, lost.size(),
                    lostInWindow, rerun, unconfirmed, refused, failoverMs, replicaBackMs);
        }
    }

    private final String backend;
    private final RedisClusterExtension cluster;
    private final Recorder recorder;
    private final Path workDir;
    private final int tasks;
    private final int rate;

    FailoverRun(String backend, RedisClusterExtension cluster, Recorder recorder, Path workDir, int tasks, int rate) {
        this.backend = backend;
        this.cluster = cluster;
        this.recorder = recorder;
        this.workDir = workDir;
        this.tasks = tasks;
        this.rate = rate;
    }

    /**
     * Enqueue throughput (tasks/s) of {@code n} tasks without WAIT, with the {@link ReplicaWait} stand-in and
     * with the backend's own option ({@code replicasBroker}: {@code replicas.wait=1}); one task per call and in
     * batches of 50.
     */
    String measureWaitCost(Broker broker, Broker replicasBroker, int n) {
        String q = backend.equals("redis-list") ? "lfobench" : "sfobench";
        TaskQueue queue = broker.queue(q);
        TaskQueue optionQueue = replicasBroker.queue(q);
        StringBuilder sb = new StringBuilder();
        try (ReplicaWait wait = new ReplicaWait(cluster, q, 1000)) {
            // warm-up, not measured: the JIT, the connection pools and the scripts' first loads
            enqueueRate(queue, Math.min(n, 1000), 1, () -> true, "warm-p-");
            enqueueRate(queue, Math.min(n, 1000), 1, wait, "warm-w-");
            enqueueRate(optionQueue, Math.min(n, 1000), 1, () -> true, "warm-o-");
            for (int batch : new int[] {1, 50}) {
                double plain = 0;
                double waited = 0;
                double option = 0;
                for (int round = 0; round < 2; round++) { // interleaved, best of two: the machine is shared
                    plain = Math.max(plain, enqueueRate(queue, n, batch, () -> true, "p" + batch + "-" + round + "-"));
                    waited = Math.max(waited, enqueueRate(queue, n, batch, wait, "w" + batch + "-" + round + "-"));
                    option = Math.max(option, enqueueRate(optionQueue, n, batch, () -> true, "o" + batch + "-" + round + "-"));
                }
                sb.append(String.format("  enqueue %s: %,.0f tasks/s without WAIT, %,.0f tasks/s with WAIT 1 "
                                + "(%.0f%% of it), %,.0f tasks/s with the option replicas.wait=1 (%.0f%% of it); %d tasks, "
                                + "best of 2%n", batch == 1 ? "one task per call" : "batches of " + batch,
                        plain, waited, 100 * waited / plain, option, 100 * option / plain, n));
            }
        }
        broker.inspector().purge(q);
        return sb.toString();
    }

    private static double enqueueRate(TaskQueue queue, int n, int batch, Producer.Confirm confirm, String prefix) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i += batch) {
            List<Task> b = new ArrayList<>();
            for (int j = i; j < Math.min(n, i + batch); j++) {
                b.add(Task.builder(RecordingHandler.TYPE).id(prefix + j).payload("{\"sleepMs\":0,\"poison\":false}").build());
            }
            if (batch == 1) {
                queue.enqueue(b.get(0));
            } else {
                queue.enqueueAll(b);
            }
            if (!confirm.confirmed()) {
                throw new AssertionError("WAIT 1 was not confirmed on a healthy cluster");
            }
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    /**
     * The availability cost of WAIT when a master has no live replica (as right after a failover, until the
     * failed node rejoins).
     *
     * @param confirmed enqueues the stand-in's WAIT 1 confirmed (of {@code tries})
     * @param text      the report lines
     */
    record NoReplica(int confirmed, int tries, String text) {
    }

    /**
     * SIGKILLs the replica of {@code queue}'s master, times a few single enqueues with the {@link ReplicaWait}
     * stand-in and with the backend's own option ({@code replicasBroker}), then starts the replica again. No worker
     * serves {@code queue}; it is purged at the end.
     */
    NoReplica withoutReplica(Broker broker, Broker replicasBroker, String queue) {
        ClusterNode master = cluster.masterForKey("spool:{" + queue + "}:ready");
        ClusterNode replica = cluster.replicasOf(master).get(0);
        int tries = 3;
        StringBuilder sb = new StringBuilder();
        int confirmed = 0;
        cluster.killNode(replica);
        try (ReplicaWait wait = new ReplicaWait(cluster, queue, 1000)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < tries; i++) {
                broker.queue(queue).enqueue(Task.builder(RecordingHandler.TYPE).id(queue + "-w" + i)
                        .payload("{\"sleepMs\":0,\"poison\":false}").build());
                if (wait.confirmed()) {
                    confirmed++;
                }
            }
            sb.append(String.format("  master without a live replica (its replica SIGKILLed): WAIT 1 (timeout 1 s) confirmed "
                    + "%d of %d enqueues, %d ms per enqueue%n", confirmed, tries, (System.nanoTime() - t0) / 1_000_000 / tries));
            int accepted = 0;
            t0 = System.nanoTime();
            for (int i = 0; i < tries; i++) {
                if (replicasBroker.queue(queue).enqueue(Task.builder(RecordingHandler.TYPE).id(queue + "-o" + i)
                        .payload("{\"sleepMs\":0,\"poison\":false}").build()).accepted()) {
                    accepted++;
                }
            }
            sb.append(String.format("  same, the option replicas.wait=1 (replicas.timeout 1s): %d of %d enqueues returned "
                    + "ACCEPTED (held by the master alone), %d ms per enqueue%n", accepted, tries,
                    (System.nanoTime() - t0) / 1_000_000 / tries));
        } finally {
            cluster.startNode(replica);
        }
        broker.inspector().purge(queue);
        return new NoReplica(confirmed, tries, sb.toString());
    }

    /** One failover phase on {@code queue}; the workers must serve it. */
    Phase phase(String name, Broker broker, String queue, boolean lagReplica, boolean useWait, Events events) {
        recorder.clear();
        ClusterNode master = cluster.masterForKey("spool:{" + queue + "}:ready");
        ClusterNode replica = cluster.replicasOf(master).get(0);
        ReplicaWait wait = useWait ? new ReplicaWait(cluster, queue, 1000) : null;
        // handlers of 50 ms: 2 x 4 threads drain 160/s of the 200/s, so a backlog of accepted, not yet run tasks
        // stands at the kill, as under any real load peak (a task that already ran cannot be lost)
        Producer producer = new Producer(broker.queue(queue), queue + "-", 10, tasks, Integer.MAX_VALUE, rate, 50,
                wait == null ? () -> true : wait);
        Thread producing = new Thread(producer, "failover-producer");
        producing.start();
        long windowStart = 0;
        long killAt;
        long healthyAt;
        long replicaBackAt;
        try {
            Poll.until("the producer to reach 40%", Duration.ofSeconds(300),
                    () -> producer.accepted.size() >= tasks * 4 / 10 || producer.isDone());
            if (lagReplica) {
                // the replica stops reading (SIGSTOP), and a 16 MB value fills the socket buffers between the two:
                // from then on the master acknowledges writes that only it holds, in its replica output buffer
                windowStart = System.currentTimeMillis();
                signal("STOP", replica.process().pid());
                try (var j = master.jedis()) {
                    j.set("spool-test:{" + queue + "}:ballast", "x".repeat(16 << 20));
                }
                long until = System.currentTimeMillis() + 1500;
                Poll.until("1.5 s of writes the replica does not get", Duration.ofSeconds(10),
                        () -> System.currentTimeMillis() >= until);
            }
            killAt = System.currentTimeMillis();
            if (!lagReplica) {
                windowStart = killAt - 1000;
            }
            events.add(Events.Kind.MASTER_KILLED, 0, "master " + master.address());
            cluster.killNode(master);
            if (lagReplica) {
                signal("CONT", replica.process().pid());
            }
            if (!replica.isMaster()) {
                cluster.promote(replica);
            } else {
                cluster.awaitHealthy();
            }
            healthyAt = System.currentTimeMillis();
            // the killed node comes back at once, as a replica of the promoted one (until then a WAIT 1 can
            // confirm nothing: the new master has no replica)
            cluster.startNode(master);
            replicaBackAt = System.currentTimeMillis();
            producing.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (wait != null) {
                wait.close();
            }
        }
        Set<String> accepted = Set.copyOf(producer.accepted);
        // drained: the queue holds nothing, and every accepted task succeeded, or (lost ones never will) the
        // leases of whatever was in flight at the kill have long expired
        Poll.until("the queue " + queue + " to drain", Duration.ofSeconds(240), () -> {
            QueueStats s = broker.inspector().stats(queue);
            if (s.pending() > 0) {
                return false;
            }
            return System.currentTimeMillis() > healthyAt + 10_000
                    || recorder.succeededTasks() >= accepted.size() && recorder.neverSucceeded(accepted).isEmpty();
        }, () -> broker.inspector().stats(queue).toString());
        Set<String> lost = new TreeSet<>(recorder.neverSucceeded(accepted));
        long start = windowStart;
        int inWindow = (int) lost.stream().map(producer.acceptedAt::get)
                .filter(at -> at != null && at >= start && at <= killAt + 50).count();
        Map<String, Integer> starts = new java.util.HashMap<>();
        recorder.starts().forEach(s -> starts.merge(s.id(), 1, Integer::sum));
        int rerun = (int) starts.values().stream().filter(c -> c > 1).count();
        if (producer.failure != null) {
            throw producer.failure;
        }
        return new Phase(name, accepted.size(), lost, inWindow, rerun, producer.unconfirmed.get(),
                producer.enqueueErrors.get(), healthyAt - killAt, replicaBackAt - killAt);
    }

    private static void signal(String sig, long pid) {
        try {
            Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start();
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("kill -" + sig + " " + pid + " failed");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens the broker the producer and the measurements use. */
    Broker connect() {
        return Spool.connect(backend, BackendConfig.builder(cluster.seedUrl()).lease(Duration.ofSeconds(5)).build());
    }

    /**
     * Opens a broker with the backend's own WAIT option on enqueue: {@code replicas.wait} 1 with
     * {@code replicas.timeout} 1 s (both backends have it), and {@code replicas.shortfall} {@code log}
     * (an unconfirmed call returns ACCEPTED) or {@code fail} (it throws {@code NotReplicatedException}).
     */
    Broker connectWithReplicasWait(String shortfall) {
        return Spool.connect(backend, BackendConfig.builder(cluster.seedUrl()).lease(Duration.ofSeconds(5))
                .option("replicas.wait", "1").option("replicas.timeout", "1s")
                .option("replicas.shortfall", shortfall).build());
    }

    /** Starts the workers on the cluster, serving {@code queues}. */
    WorkerFleet workers(List<String> queues) throws Exception {
        Path handlers = HandlersJar.writeInto(workDir.resolve("handlers"));
        List<String> args = List.of("--backend", backend, "--redis", cluster.seedUrl(), "--queues", String.join(",", queues),
                "--concurrency", "4", "--handlers", handlers.toString(), "--lease", "5s", "--grace", "20s",
                "--connect-timeout", "60s");
        WorkerFleet fleet = new WorkerFleet(WorkerFleet.spoolJar(), workDir.resolve("logs"), args,
                Map.of(RecordingHandler.ENV_URL, recorder.url()));
        fleet.startAndAwait(2, Duration.ofSeconds(120));
        return fleet;
    }
}
