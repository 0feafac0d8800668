package dev.spool.redis.stream;

import dev.spool.api.PayloadCodec;
import dev.spool.api.WorkerInfo;
import dev.spool.api.WorkerRegistry;
import dev.spool.redis.core.KeyNames;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The worker registry in Redis: a ZSET of heartbeat expiries (judged by the broker's clock) and a
 * HASH of each worker's {@link WorkerInfo} as JSON, both under the {@code {workers}} hash tag.
 */
final class StreamWorkers implements WorkerRegistry {
    private final RedisStreamBroker broker;

    StreamWorkers(RedisStreamBroker broker) {
        this.broker = broker;
    }

    @Override
    public void heartbeat(WorkerInfo info, Duration ttl) {
        long now = broker.clock().millis();
        run("heartbeat of worker " + info.id(), "beat", now, info.id(), now + ttl.toMillis(),
                PayloadCodec.gson().toJson(info));
    }

    @Override
    public void deregister(String workerId) {
        run("deregistering worker " + workerId, "drop", broker.clock().millis(), workerId);
    }

    @Override
    public List<WorkerInfo> list() {
        List<Object> r = StreamQueue.list(run("listing workers", "list", broker.clock().millis()));
        List<WorkerInfo> out = new ArrayList<>(r.size());
        for (Object json : r) {
            out.add(PayloadCodec.gson().fromJson(String.valueOf(json), WorkerInfo.class));
        }
        out.sort(Comparator.comparing(WorkerInfo::id));
        return out;
    }

    private Object run(String what, Object... args) {
        Object[] strings = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = String.valueOf(args[i]);
        }
        KeyNames names = broker.keys().names();
        return broker.scripts().run(Scripts.Script.WORKERS, what, names.workersBeat(),
                List.of(names.workersBeat(), names.workersInfo()), strings);
    }
}
