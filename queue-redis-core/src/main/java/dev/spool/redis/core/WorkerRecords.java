package dev.spool.redis.core;

import dev.spool.api.PayloadCodec;
import dev.spool.api.WorkerInfo;
import dev.spool.api.WorkerRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The worker registry of both Redis adapters: one script ({@code workers.lua}), one key layout
 * ({@link KeyNames#workersInfo()}, {@link KeyNames#workersBeat()}), one JSON form. An adapter
 * supplies only the call through its client ({@link Call}); the arguments are checked before, by
 * {@link dev.spool.api.spi.CheckedWorkerRegistry}. Workers registered through either backend are
 * listed by both.
 */
public final class WorkerRecords implements WorkerRegistry {
    /** The registry's script, sent by both adapters. */
    public static final LuaScript SCRIPT = LuaScript.load(WorkerRecords.class, "lua/", "workers");

    /** Runs {@link #SCRIPT} with {@code keys} and {@code args} through the adapter's client; {@code what} names the call. */
    @FunctionalInterface
    public interface Call {
        Object run(List<String> keys, List<String> args, String what);
    }

    private final String backend;
    private final List<String> keys;
    private final LongSupplier clock;
    private final Call call;
    private final DataSetWatch dataSet;

    /**
     * @param backend the adapter's name, for messages
     * @param names   the namespace's key names
     * @param clock   epoch ms by the broker's clock
     * @param call    how the adapter runs {@link #SCRIPT}
     */
    public WorkerRecords(String backend, KeyNames names, LongSupplier clock, Call call) {
        this.backend = backend;
        this.keys = List.of(names.workersInfo(), names.workersBeat(), names.dataSet());
        this.dataSet = new DataSetWatch(backend, names.dataSet());
        this.clock = clock;
        this.call = call;
    }

    /**
     * Records the worker as alive until {@code ttl} from now, and checks that the server still holds
     * the data set it held at the last heartbeat ({@link DataSetWatch}: a loss is logged once, as an error).
     */
    @Override
    public void heartbeat(WorkerInfo info, Duration ttl) {
        long now = clock.getAsLong();
        String what = "heartbeat of worker " + info.id();
        List<Object> r = Replies.list(run(what, "beat", now, info.id(), Long.toString(now + ttl.toMillis()),
                PayloadCodec.gson().toJson(info), dataSet.offer()), backend, "workers", "(workers)");
        if (r.size() != 2) {
            throw Replies.unexpected(r, backend, "workers", "(workers)");
        }
        dataSet.saw(String.valueOf(Replies.string(r.get(0))), String.valueOf(Replies.string(r.get(1))));
    }

    /** The message of the last loss of the data set a heartbeat noticed, if any. */
    public Optional<String> lastDataSetLoss() {
        return dataSet.lastLoss();
    }

    @Override
    public void deregister(String workerId) {
        run("deregistering worker " + workerId, "drop", clock.getAsLong(), workerId);
    }

    @Override
    public List<WorkerInfo> list() {
        List<WorkerInfo> out = new ArrayList<>();
        for (Object o : Replies.list(run("listing workers", "list", clock.getAsLong()), backend, "workers", "(workers)")) {
            try {
                WorkerInfo w = PayloadCodec.gson().fromJson(Replies.string(o), WorkerInfo.class);
                if (w != null && w.id() != null) {
                    out.add(w);
                }
            } catch (RuntimeException e) { // Gson: JsonParseException, or a record constructor's refusal
                // a record written by an incompatible version: not a live worker of ours
            }
        }
        out.sort(Comparator.comparing(WorkerInfo::id));
        return out;
    }

    private Object run(String what, String operation, long now, String... more) {
        List<String> args = new ArrayList<>(2 + more.length);
        args.add(operation);
        args.add(Long.toString(now));
        args.addAll(List.of(more));
        return call.run(keys, args, what);
    }
}
