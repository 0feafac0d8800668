package dev.spool.dashboard;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads are answered once per second whatever the number of pages asking, and afresh after an action. */
class ReadCacheTest {
    @Test
    void oneReadPerKeyPerSecondAndNoneKeptAfterAnAction() {
        AtomicLong now = new AtomicLong();
        ReadCache cache = new ReadCache(now::get);
        AtomicInteger reads = new AtomicInteger();
        for (int page = 0; page < 5; page++) {
            cache.get("overview", () -> new byte[] {(byte) reads.incrementAndGet()});
        }
        assertThat(reads).hasValue(1);
        cache.get("queues/mail", () -> new byte[] {(byte) reads.incrementAndGet()});
        assertThat(reads).hasValue(2);
        now.addAndGet(ReadCache.TTL.toNanos());
        assertThat(cache.get("overview", () -> new byte[] {(byte) reads.incrementAndGet()})).containsExactly(3);
        cache.clear();
        assertThat(cache.get("overview", () -> new byte[] {(byte) reads.incrementAndGet()})).containsExactly(4);
        for (int i = 0; i < ReadCache.MAX_ENTRIES + 10; i++) {
            cache.get("k" + i, () -> new byte[0]);
        }
        assertThat(reads).hasValue(4);
    }
}
