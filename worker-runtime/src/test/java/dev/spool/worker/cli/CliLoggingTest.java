package dev.spool.worker.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathValidatorException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line's logback configuration (spool-logback.xml), loaded into its own logger context
 * with standard error captured: a library's connection error is one line naming its causes (no stack
 * trace), Spool's own errors keep theirs (finding F5).
 */
class CliLoggingTest {
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved;
    LoggerContext context;

    @BeforeEach
    void configure() throws Exception {
        saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        JoranConfigurator c = new JoranConfigurator();
        c.setContext(context);
        c.doConfigure(SpoolCli.class.getResource("spool-logback.xml"));
        assertThat(new StatusUtil(context).getHighestLevel(0)).as("no warning or error configuring logback")
                .isEqualTo(Status.INFO);
    }

    @AfterEach
    void restore() {
        context.stop();
        System.setErr(saved);
        System.clearProperty(OneLineCauses.FULL);
    }

    static Exception untrustedCertificate() {
        // what Netty hands Redisson's ErrorsLoggingHandler: DecoderException(SSLHandshakeException(...)), each
        // wrapper's message repeating its cause
        CertPathValidatorException root = new CertPathValidatorException("unable to find valid certification path to requested target");
        SSLHandshakeException tls = new SSLHandshakeException("PKIX path building failed: " + root);
        tls.initCause(root);
        return new RuntimeException(tls);
    }

    List<String> lines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aLibrarysConnectionErrorIsOneLineThatNamesItsCauses() {
        context.getLogger("org.redisson.client.handler.ErrorsLoggingHandler")
                .error("Exception occured. Channel: [id: 0x1d459784, L:/127.0.0.1:44316 ! R:127.0.0.1/127.0.0.1:6603]",
                        untrustedCertificate());
        context.getLogger("io.netty.channel.DefaultChannelPipeline")
                .warn("An exceptionCaught() event was fired,\nand it reached the tail", new IllegalStateException(
                        "no answer from redis://spool:Zeb@ra-secret@127.0.0.1:6603", new java.io.IOException("Connection reset")));
        context.getLogger("redis.clients.jedis.JedisFactory").warn("no cause here");

        assertThat(lines()).hasSize(3);
        assertThat(lines().get(0)).contains("ERROR", "o.r.c.h.ErrorsLoggingHandler - Exception occured. Channel: [id: 0x1d459784")
                .endsWith(" [java.lang.RuntimeException: javax.net.ssl.SSLHandshakeException: PKIX path building failed: "
                        + "java.security.cert.CertPathValidatorException: unable to find valid certification path to requested target]");
        assertThat(lines().get(1)).contains("WARN", "An exceptionCaught() event was fired, and it reached the tail",
                        "[java.lang.IllegalStateException: no answer from redis://spool:***@127.0.0.1:6603; caused by java.io.IOException: Connection reset]")
                .doesNotContain("Zeb", "secret");
        assertThat(lines().get(2)).endsWith("r.c.jedis.JedisFactory - no cause here");
    }

    @Test
    void spoolsOwnErrorsKeepTheirStackTrace() {
        context.getLogger("dev.spool.worker.Processor").error("handler of 'mail' failed", new IllegalStateException("boom"));
        assertThat(lines().get(0)).contains("ERROR", "d.spool.worker.Processor", "handler of 'mail' failed");
        assertThat(lines().get(1)).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(lines().get(2)).startsWith("\tat ");
    }

    @Test
    void debugAsksForTheLibrariesStackTracesToo() {
        System.setProperty(OneLineCauses.FULL, "true");
        context.getLogger("org.redisson.client.handler.ErrorsLoggingHandler").error("Exception occured", untrustedCertificate());
        assertThat(lines()).anyMatch(l -> l.startsWith("\tat ")).anyMatch(l -> l.startsWith("Caused by: javax.net.ssl.SSLHandshakeException"));
    }
}
