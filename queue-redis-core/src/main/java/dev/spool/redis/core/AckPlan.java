package dev.spool.redis.core;

import dev.spool.api.Delivery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * How both adapters' {@code ack.lua} takes a batch: first the deliveries that may be kept when
 * finished (a retention of their own, or a result, which is kept when the queue has a retention), each
 * with its retention and result; then the rest, which the script keeps only when the queue has a
 * retention. Splitting them keeps the common ack (no retention, no result) at its token alone.
 *
 * @param kept  the deliveries sent with a retention and a result
 * @param plain the others
 */
public record AckPlan(List<Delivery> kept, List<Delivery> plain) {

    /** {@code deliveries} split by whether they carry a retention or a result in {@code results} (by task id). */
    public static AckPlan of(Collection<Delivery> deliveries, Map<String, String> results) {
        List<Delivery> kept = new ArrayList<>();
        List<Delivery> plain = new ArrayList<>(deliveries.size());
        for (Delivery d : deliveries) {
            (d.task().retention() != null || results.get(d.id()) != null ? kept : plain).add(d);
        }
        return new AckPlan(kept, plain);
    }

    /** The retention argument of {@code d}: its own in ms, or "0" for the queue's. */
    public static String retentionArg(Delivery d) {
        return d.task().retention() == null ? "0" : Long.toString(d.task().retention().toMillis());
    }

    /** The result argument of {@code d}: its result, or "" for none (no JSON value is empty). */
    public static String resultArg(Delivery d, Map<String, String> results) {
        String r = results.get(d.id());
        return r == null ? "" : r;
    }
}
