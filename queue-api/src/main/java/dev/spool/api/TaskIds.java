package dev.spool.api;

import java.security.SecureRandom;

/**
 * Time-ordered task ids: 26 characters of Crockford base32 (a ULID), the first ten the creation
 * millisecond, the rest random, monotonic within one millisecond in one JVM so ids sort in
 * creation order.
 */
final class TaskIds {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom SEED = new SecureRandom();

    private static long lastMillis = -1;
    private static long hi; // 16 random bits
    private static long lo; // 64 random bits

    private TaskIds() {
    }

    static String next(long millis) {
        long h;
        long l;
        synchronized (TaskIds.class) {
            if (millis <= lastMillis) {
                millis = lastMillis;
                lo++;
                if (lo == 0) {
                    hi = (hi + 1) & 0xFFFF;
                }
            } else {
                lastMillis = millis;
                hi = SEED.nextInt() & 0xFFFF;
                lo = SEED.nextLong() & 0x7FFF_FFFF_FFFF_FFFFL; // leave room to count up within a millisecond
            }
            h = hi;
            l = lo;
        }
        char[] out = new char[26];
        long time = millis & 0xFFFF_FFFF_FFFFL;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        // 80 random bits = 16 (h) + 64 (l), written as 16 base32 characters.
        for (int i = 25; i >= 10; i--) {
            out[i] = ALPHABET[(int) (l & 31)];
            l = (l >>> 5) | ((h & 31) << 59);
            h >>>= 5;
        }
        return new String(out);
    }
}
