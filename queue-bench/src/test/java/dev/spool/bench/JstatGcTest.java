package dev.spool.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JstatGcTest {

    @Test
    void readsCollectionsAndTimeFromJdk17Output() {
        String[] out = {
            "    S0C         S1C         S0U         S1U          EC           EU           OC           OU          MC         MU       CCSC      CCSU     YGC     YGCT     FGC    FGCT     CGC    CGCT       GCT   ",
            "        0.0     4096.0         0.0      4096.0      45056.0      12288.0     212992.0      10240.5    31744.0    31168.3    4096.0    3750.1      7     0.063     1     0.020     2     0.004     0.087"};
        assertThat(JstatGc.parse(out)).containsExactly(8, 87_000);
    }

    @Test
    void unreadableOutputIsUnknown() {
        assertThat(JstatGc.parse(new String[] {"16273 not found"})).containsExactly(-1, -1);
        assertThat(JstatGc.parse(new String[] {"A B C", "1 2 3"})).containsExactly(-1, -1);
    }
}
