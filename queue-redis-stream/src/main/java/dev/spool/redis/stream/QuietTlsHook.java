package dev.spool.redis.stream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.redisson.client.NettyHook;
import org.redisson.client.handler.ErrorsLoggingHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a refused TLS handshake from being logged by Redisson as an ERROR with a Netty stack trace:
 * on each new channel it puts a filter just before Redisson's {@link ErrorsLoggingHandler} that takes
 * failed TLS handshakes (logging one DEBUG line) and passes every other error on. The failure still reaches
 * the caller: the connect or command that needed the channel fails, and Spool names the certificate
 * ({@link TlsFailures}). Runs the hook of the user's Redisson config, if any, first.
 */
final class QuietTlsHook implements NettyHook {
    private static final Logger LOG = LoggerFactory.getLogger(QuietTlsHook.class);
    static final String HANDLER_NAME = "spool-tls-errors";

    private final NettyHook inner;

    QuietTlsHook(NettyHook inner) {
        this.inner = inner;
    }

    @Override
    public void afterBoostrapInitialization(Bootstrap bootstrap) {
        if (inner != null) {
            inner.afterBoostrapInitialization(bootstrap);
        }
    }

    @Override
    public void afterChannelInitialization(Channel channel) {
        if (inner != null) {
            inner.afterChannelInitialization(channel);
        }
        ChannelHandlerContext errors = channel.pipeline().context(ErrorsLoggingHandler.class);
        if (errors != null && channel.pipeline().get(HANDLER_NAME) == null) {
            channel.pipeline().addBefore(errors.name(), HANDLER_NAME, new Filter());
        }
    }

    /** Takes TLS failures, passes the rest on to Redisson's logging. One per channel. */
    static final class Filter extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (TlsFailures.isHandshake(cause)) {
                if (LOG.isDebugEnabled()) {
                    LOG.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), TlsFailures.describe(cause));
                }
                return; // the connect or command that needed this channel fails and says why
            }
            ctx.fireExceptionCaught(cause);
        }
    }
}
