package dev.spool.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PercentilesTest {

    @Test
    void nearestRankOnOneToAHundred() {
        long[] sample = new long[100];
        for (int i = 0; i < 100; i++) {
            sample[99 - i] = i + 1; // given in reverse: the class sorts a copy
        }
        Percentiles p = Percentiles.of(sample);
        assertThat(p.at(50)).isEqualTo(50);
        assertThat(p.at(99)).isEqualTo(99);
        assertThat(p.at(99.9)).isEqualTo(100);
        assertThat(p.at(100)).isEqualTo(100);
        assertThat(p.at(0.5)).isEqualTo(1);
        assertThat(p.max()).isEqualTo(100);
        assertThat(sample[0]).as("the caller's array is not sorted in place").isEqualTo(100);
    }

    @Test
    void p999NeedsAThousandValuesToDifferFromTheMax() {
        long[] sample = new long[2000];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = i < 1997 ? 1 : 1000; // three outliers out of 2000 = 0.15 %
        }
        Percentiles p = Percentiles.of(sample);
        assertThat(p.at(99)).isEqualTo(1);
        assertThat(p.at(99.9)).isEqualTo(1000);
        assertThat(p.at(99.8)).isEqualTo(1);
    }

    @Test
    void emptyAndSingleSamples() {
        assertThat(Percentiles.of(new long[0]).at(50)).isZero();
        assertThat(Percentiles.of(new long[0]).max()).isZero();
        assertThat(Percentiles.of(new long[] {7}).at(99.9)).isEqualTo(7);
        assertThat(Percentiles.of(new long[] {7}).at(1)).isEqualTo(7);
    }

    @Test
    void refusesPercentilesOutsideTheRange() {
        Percentiles p = Percentiles.of(new long[] {1, 2});
        assertThatThrownBy(() -> p.at(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(0, 100]");
        assertThatThrownBy(() -> p.at(100.1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void spreadIsMedianMinMax() {
        assertThat(Spread.of(3, 1, 2)).isEqualTo(new Spread(2, 1, 3, 3));
        assertThat(Spread.of(4, 1, 2, 3)).isEqualTo(new Spread(2.5, 1, 4, 4));
        assertThat(Spread.of(5)).isEqualTo(new Spread(5, 5, 5, 1));
        assertThatThrownBy(() -> Spread.of(new double[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
