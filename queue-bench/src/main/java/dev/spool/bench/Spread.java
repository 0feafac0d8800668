package dev.spool.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Repetitions of one figure: their median, minimum and maximum (the machine is noisy, so a single
 * number would lie).
 *
 * @param median the median of the repetitions (the mean of the middle two for an even count)
 * @param min    the smallest repetition
 * @param max    the largest repetition
 * @param n      how many repetitions were measured (NaN values are not counted)
 */
public record Spread(double median, double min, double max, int n) {

    /**
     * The spread of {@code values} (at least one); a value that was not measured (NaN) is left out,
     * so {@link #n()} says how many measured values the median rests on, and a figure measured in no
     * repetition is NaN with {@code n} 0 (printed "n/a").
     */
    public static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a spread needs at least one value");
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(x -> !Double.isNaN(x)).sorted().toArray();
        int n = v.length;
        if (n == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        return new Spread(median, v[0], v[n - 1], n);
    }

    /** The spread of {@code values}. */
    public static Spread of(double... values) {
        return of(Arrays.stream(values).boxed().toList());
    }
}
