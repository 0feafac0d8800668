package dev.spool.worker;

import dev.spool.api.SpoolException;
import dev.spool.api.Task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The order in which a worker looks at its queues on each fetch round.
 * <ul>
 *   <li><b>Strict</b> (no weights, e.g. {@code critical,default,low}): every round tries the
 *       queues in the given order, so a later queue gets tasks only while every earlier one is
 *       empty.</li>
 *   <li><b>Weighted</b> (any entry written {@code name=weight}, e.g. {@code critical=6,default=3,low=1};
 *       a queue without a weight counts 1): every round draws the order at random, a queue coming
 *       first with a probability proportional to its weight, so no queue starves.</li>
 * </ul>
 */
final class QueueOrder {
    private final Map<String, Integer> weights;
    private final boolean weighted;
    private final RandomGenerator random;

    private QueueOrder(Map<String, Integer> weights, boolean weighted, RandomGenerator random) {
        this.weights = weights;
        this.weighted = weighted;
        this.random = random;
    }

    /** Parses entries {@code name} or {@code name=weight}. */
    static QueueOrder parse(List<String> entries, RandomGenerator random) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        boolean weighted = false;
        for (String raw : entries) {
            String entry = raw == null ? "" : raw.trim();
            int eq = entry.indexOf('=');
            String name = eq < 0 ? entry : entry.substring(0, eq).trim();
            int weight = 1;
            if (eq >= 0) {
                weighted = true;
                String w = entry.substring(eq + 1).trim();
                try {
                    weight = Integer.parseInt(w);
                } catch (NumberFormatException e) {
                    weight = -1;
                }
                if (weight < 1 || weight > 1000) {
                    throw new SpoolException("queue weight of '" + name + "' is '" + w
                            + "'; write name=weight with a whole number from 1 to 1000, e.g. critical=6");
                }
            }
            Task.requireQueueName(name);
            if (weights.put(name, weight) != null) {
                throw new SpoolException("queue '" + name + "' is listed twice; list each queue once");
            }
        }
        if (weights.isEmpty()) {
            throw new SpoolException("no queue given; name at least one queue, e.g. --queues default");
        }
        return new QueueOrder(Collections.unmodifiableMap(weights), weighted, random);
    }

    /** The queue names, as given. */
    List<String> names() {
        return List.copyOf(weights.keySet());
    }

    /** True when the order is drawn by weight. */
    boolean weighted() {
        return weighted;
    }

    /** The order of one fetch round. */
    List<String> nextRound() {
        if (!weighted || weights.size() == 1) {
            return names();
        }
        List<String> left = new ArrayList<>(weights.keySet());
        List<String> out = new ArrayList<>(left.size());
        while (!left.isEmpty()) {
            int total = 0;
            for (String q : left) {
                total += weights.get(q);
            }
            int pick = random.nextInt(total);
            for (int i = 0; i < left.size(); i++) {
                pick -= weights.get(left.get(i));
                if (pick < 0) {
                    out.add(left.remove(i));
                    break;
                }
            }
        }
        return out;
    }

    /** Shows the entries as they were given. */
    @Override
    public String toString() {
        if (!weighted) {
            return String.join(",", weights.keySet());
        }
        List<String> parts = new ArrayList<>();
        weights.forEach((q, w) -> parts.add(q + "=" + w));
        return String.join(",", parts) + " (weighted)";
    }
}
