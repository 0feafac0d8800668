package dev.spool.redis.stream;

import org.redisson.client.codec.BaseCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.Decoder;
import org.redisson.client.protocol.Encoder;

/**
 * The codec of the blocking read that only wakes a waiting fetch: what the read returns is never
 * looked at (the fetch script that runs next delivers it), so the entries' fields and values are
 * skipped instead of decoded into Strings. Stream ids and stream names are decoded by Redisson's own
 * decoders (not by a codec), so the result still says which streams had news.
 * <p>
 * A stream read decodes each entry's fields with {@link #getMapKeyDecoder()} and its values with
 * {@link #getMapValueDecoder()}; both are overridden here (not left to {@link BaseCodec}'s defaults).
 * Redisson hands a decoder a slice holding exactly one bulk string and reads on after it in the
 * parent buffer, so skipping the slice's readable bytes leaves the connection's buffer as a decoding
 * codec would.
 * <p>
 * Package-private on purpose: Redisson's per-class-loader codec copy
 * ({@code RedisExecutor.getCodec} with {@code useThreadClassLoader}) looks for a public
 * {@code (ClassLoader, WakeCodec)} constructor and, finding none, uses this instance as it is.
 */
final class WakeCodec extends BaseCodec {
    static final WakeCodec INSTANCE = new WakeCodec();

    private static final Decoder<Object> SKIP = (buf, state) -> {
        buf.skipBytes(buf.readableBytes());
        return "";
    };

    private WakeCodec() {
    }

    @Override
    public Decoder<Object> getValueDecoder() {
        return SKIP;
    }

    @Override
    public Decoder<Object> getMapKeyDecoder() {
        return SKIP;
    }

    @Override
    public Decoder<Object> getMapValueDecoder() {
        return SKIP;
    }

    @Override
    public Encoder getValueEncoder() {
        return StringCodec.INSTANCE.getValueEncoder();
    }
}
