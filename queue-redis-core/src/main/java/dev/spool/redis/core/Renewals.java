package dev.spool.redis.core;

import dev.spool.api.Delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * {@code renewAll} as both Redis adapters do it: the deliveries in batches of {@code batch.size},
 * one script call per batch answering one {@link Replies} code per delivery, in order.
 */
public final class Renewals {

    /** One script call renewing {@code part} to {@code deadline} (epoch ms), judged at {@code now}. */
    @FunctionalInterface
    public interface Call {
        Object run(List<Delivery> part, long now, long deadline);
    }

    private Renewals() {
    }

    /**
     * The deliveries of {@code deliveries} that {@code call} renewed, in order, each with its new
     * deadline; a reply that does not hold one code per delivery is a {@link dev.spool.api.BackendException}.
     */
    public static List<Delivery> renew(Collection<Delivery> deliveries, Duration leaseFor, int batchSize, LongSupplier clock,
                                       Call call, String backend, String queue) {
        List<Delivery> all = List.copyOf(deliveries);
        List<Delivery> renewed = new ArrayList<>(all.size());
        for (int from = 0; from < all.size(); from += batchSize) {
            List<Delivery> part = all.subList(from, Math.min(all.size(), from + batchSize));
            long now = clock.getAsLong();
            long deadline = now + leaseFor.toMillis();
            Object reply = call.run(part, now, deadline);
            List<Object> codes = Replies.list(reply, backend, "renew", queue);
            if (codes.size() != part.size()) {
                throw Replies.unexpected(reply, backend, "renew", queue);
            }
            for (int i = 0; i < part.size(); i++) {
                if (Replies.done(codes.get(i), backend, "renew", queue)) {
                    renewed.add(part.get(i).withLeaseDeadline(Instant.ofEpochMilli(deadline)));
                }
            }
        }
        return renewed;
    }
}
