package dev.spool.redis.stream;

import org.redisson.client.codec.BaseCodec;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.Decoder;
import org.redisson.client.protocol.Encoder;

import java.nio.charset.StandardCharsets;

/**
 * A Redisson codec that sends Strings as UTF-8 (like {@link StringCodec}) but hands replies back as
 * the raw {@code byte[]}, so a stored task is decoded strictly by {@code TaskCodec.decode(byte[])}:
 * invalid UTF-8 written into Redis is then dead-lettered with its reason, never delivered with
 * U+FFFD standing in for the bad bytes (which is what {@link StringCodec}'s lenient decoding does).
 */
public final class BytesCodec extends BaseCodec {
    /** The one instance. */
    public static final BytesCodec INSTANCE = new BytesCodec();

    /** For Redisson's codec copying; use {@link #INSTANCE}. */
    public BytesCodec() {
    }

    @Override
    public Decoder<Object> getValueDecoder() {
        return ByteArrayCodec.INSTANCE.getValueDecoder();
    }

    @Override
    public Encoder getValueEncoder() {
        return StringCodec.INSTANCE.getValueEncoder();
    }

    /** A reply value as text, leniently (for ids, tokens and numbers, which are ASCII); null stays "null". */
    static String text(Object o) {
        if (o instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return String.valueOf(o);
    }

    /** A reply value as bytes. */
    static byte[] bytes(Object o) {
        if (o instanceof byte[] b) {
            return b;
        }
        return o == null ? new byte[0] : String.valueOf(o).getBytes(StandardCharsets.UTF_8);
    }
}
