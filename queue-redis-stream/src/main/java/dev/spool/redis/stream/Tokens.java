package dev.spool.redis.stream;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random parts of lease tokens: a fresh one per fetch call, numbered per delivery inside the script. */
final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /** 16 hex characters and a dot. */
    static String next() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b) + ".";
    }
}
