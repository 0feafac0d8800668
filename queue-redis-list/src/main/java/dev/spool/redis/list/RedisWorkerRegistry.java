package dev.spool.redis.list;

import com.google.gson.JsonParseException;
import dev.spool.api.PayloadCodec;
import dev.spool.api.SpoolException;
import dev.spool.api.WorkerInfo;
import dev.spool.api.WorkerRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import static dev.spool.redis.list.ResultCodes.string;

/**
 * Worker heartbeats in Redis: each worker's {@link WorkerInfo} as JSON in a hash, its expiry
 * (by the broker's clock) in a sorted set, both under the tag {@code {workers}}. A worker whose
 * expiry has passed is not listed, and is removed by the next heartbeat of any worker.
 */
final class RedisWorkerRegistry implements WorkerRegistry {
    private final RedisListBroker broker;

    RedisWorkerRegistry(RedisListBroker broker) {
        this.broker = broker;
    }

    @Override
    public void heartbeat(WorkerInfo info, Duration ttl) {
        Objects.requireNonNull(info, "info");
        if (ttl == null || ttl.toMillis() < 1) {
            throw new SpoolException("heartbeat of worker " + info.id() + ": ttl is " + ttl + "; give a positive duration");
        }
        long now = broker.clock().millis();
        List<String> args = List.of(Long.toString(now), info.id(), Long.toString(now + ttl.toMillis()),
                PayloadCodec.gson().toJson(info));
        broker.link().eval(Scripts.HEARTBEAT, broker.workerKeys(), args, null, null);
    }

    @Override
    public void deregister(String workerId) {
        Objects.requireNonNull(workerId, "workerId");
        call("deregister", workerId);
    }

    @Override
    public List<WorkerInfo> list() {
        List<WorkerInfo> out = new ArrayList<>();
        for (Object o : call("list", "")) {
            try {
                WorkerInfo w = PayloadCodec.gson().fromJson(string(o), WorkerInfo.class);
                if (w != null) {
                    out.add(w);
                }
            } catch (JsonParseException | NullPointerException e) {
                // a record written by an incompatible version: not a live worker of ours
            }
        }
        out.sort(Comparator.comparing(WorkerInfo::id));
        return out;
    }

    private List<Object> call(String what, String workerId) {
        List<String> args = List.of(Long.toString(broker.clock().millis()), what, workerId);
        return ResultCodes.list(broker.link().eval(Scripts.WORKERS, broker.workerKeys(), args, null, null), "workers", "(workers)");
    }
}
