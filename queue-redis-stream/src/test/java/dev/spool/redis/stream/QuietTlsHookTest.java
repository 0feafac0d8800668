package dev.spool.redis.stream;

import dev.spool.api.BackendConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import org.junit.jupiter.api.Test;
import org.redisson.client.NettyHook;
import org.redisson.client.handler.ErrorsLoggingHandler;
import org.redisson.config.Config;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding F5, the parts that need no server: a failed TLS handshake never reaches Redisson's
 * ERROR-with-stack-trace logging (other errors still do), the user's own Netty hook still runs, and
 * the cause chains Redisson produces are named (not trusted / refused / handshake failed).
 */
class QuietTlsHookTest {

    /** Stands in for Redisson's ErrorsLoggingHandler position: records what reaches it. */
    static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<Throwable> seen = new ArrayList<>();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            seen.add(cause);
        }
    }

    static SSLHandshakeException untrusted() {
        SSLHandshakeException e = new SSLHandshakeException("PKIX path building failed: "
                + "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target");
        e.initCause(new CertificateException("PKIX path building failed",
                new CertPathBuilderException("unable to find valid certification path to requested target")));
        return e;
    }

    @Test
    void aHandshakeFailureStopsBeforeRedissonsErrorLoggingAndOtherErrorsPass() {
        Recorder errors = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast(new ErrorsLoggingHandler());
        ch.pipeline().addLast(errors);
        new QuietTlsHook(null).afterChannelInitialization(ch);
        assertThat(ch.pipeline().names()).containsSubsequence(QuietTlsHook.HANDLER_NAME,
                ch.pipeline().context(ErrorsLoggingHandler.class).name());

        // ErrorsLoggingHandler passes no error on: take it out so the recorder sees what the filter lets through
        ch.pipeline().remove(ErrorsLoggingHandler.class);
        ch.pipeline().fireExceptionCaught(new DecoderException(untrusted()));
        ch.pipeline().fireExceptionCaught(new NotSslRecordException("not an SSL/TLS record: 2d455252"));
        IOException other = new IOException("something else broke");
        ch.pipeline().fireExceptionCaught(other);
        assertThat(errors.seen).containsExactly(other);
        ch.finishAndReleaseAll();
    }

    @Test
    void theUsersOwnNettyHookStillRuns() {
        List<String> calls = new ArrayList<>();
        NettyHook users = new NettyHook() {
            @Override
            public void afterBoostrapInitialization(io.netty.bootstrap.Bootstrap bootstrap) {
                calls.add("bootstrap");
            }

            @Override
            public void afterChannelInitialization(io.netty.channel.Channel channel) {
                calls.add("channel");
            }
        };
        EmbeddedChannel ch = new EmbeddedChannel(new ErrorsLoggingHandler());
        QuietTlsHook hook = new QuietTlsHook(users);
        hook.afterBoostrapInitialization(new io.netty.bootstrap.Bootstrap());
        hook.afterChannelInitialization(ch);
        hook.afterChannelInitialization(ch); // twice on one channel: one filter
        assertThat(calls).containsExactly("bootstrap", "channel", "channel");
        assertThat(ch.pipeline().names().stream().filter(QuietTlsHook.HANDLER_NAME::equals)).hasSize(1);
        ch.finishAndReleaseAll();
    }

    @Test
    void everyRedissonConfigGetsTheHook() {
        Config c = RedissonConfigs.of(BackendConfig.of("rediss://127.0.0.1:6390"), Settings.of(BackendConfig.of("rediss://127.0.0.1:6390")));
        assertThat(c.getNettyHook()).isInstanceOf(QuietTlsHook.class);
    }

    @Test
    void theCauseChainsAreNamed() {
        Throwable redisson = new RuntimeException("Unable to connect to Redis server: 127.0.0.1/127.0.0.1:6390",
                new CompletionException(untrusted()));
        assertThat(TlsFailures.describe(redisson)).startsWith("the server's TLS certificate is not trusted (unable to find valid"
                + " certification path to requested target); trust the CA").contains("-Djavax.net.ssl.trustStore=");
        assertThat(TlsFailures.isCertificate(redisson)).isTrue();
        assertThat(Scripts.isTransient(redisson)).as("retrying does not make a certificate trusted").isFalse();

        Throwable wrongName = new RuntimeException(new SSLHandshakeException("No subject alternative names matching IP address 10.0.0.9 found"));
        wrongName.getCause().initCause(new CertificateException("No subject alternative names matching IP address 10.0.0.9 found"));
        assertThat(TlsFailures.describe(wrongName)).startsWith("the server's TLS certificate is refused (No subject alternative names");

        Throwable plainPort = new RuntimeException(new DecoderException(new NotSslRecordException("not an SSL/TLS record: 2d455252")));
        assertThat(TlsFailures.describe(plainPort)).startsWith("the TLS handshake failed (not an SSL/TLS record").contains("tls-port");
        assertThat(TlsFailures.isHandshake(plainPort)).isTrue();
        assertThat(TlsFailures.isCertificate(plainPort)).isFalse();

        Throwable suppressed = new RuntimeException("Unable to connect");
        suppressed.addSuppressed(untrusted());
        assertThat(TlsFailures.describe(suppressed)).startsWith("the server's TLS certificate is not trusted");

        assertThat(TlsFailures.describe(new RuntimeException(new IOException("Connection refused")))).isNull();
        assertThat(TlsFailures.isHandshake(new IOException("Connection refused"))).isFalse();
    }
}
