package dev.spool.testkit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A dedicated server with AOF keeps its data across a graceful restart and across SIGKILL + start, on the same port. */
class DedicatedServerTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.dedicated()
            .withConfig("appendonly", "yes")
            .withConfig("appendfsync", "always");

    @BeforeEach
    void controllable() {
        REDIS.assumeControllable();
        REDIS.start(); // a test that failed half-way may have left it stopped
    }

    @Test
    void keepsDataAcrossRestart() {
        REDIS.command("SET", "restart-key", "v1");
        REDIS.command("RPUSH", "restart-list", "a", "b", "c");
        int port = REDIS.port();
        long pid = REDIS.process().pid();

        REDIS.restart();

        assertThat(REDIS.port()).isEqualTo(port);
        assertThat(REDIS.process().pid()).isNotEqualTo(pid);
        assertThat(REDIS.command("GET", "restart-key")).isEqualTo("v1");
        assertThat(REDIS.command("LLEN", "restart-list")).isEqualTo(3L);
        assertThat(REDIS.command("CONFIG", "GET", "appendonly")).isEqualTo(List.of("appendonly", "yes"));
    }

    @Test
    void keepsDataAcrossKillAndStart() {
        REDIS.command("SET", "kill-key", "v2");
        REDIS.command("INCRBY", "kill-counter", "41");
        REDIS.command("INCR", "kill-counter");
        long pid = REDIS.process().pid();

        REDIS.kill();
        assertThat(REDIS.process().isRunning()).isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

        REDIS.start();
        assertThat(REDIS.command("GET", "kill-key")).isEqualTo("v2");
        assertThat(REDIS.command("GET", "kill-counter")).isEqualTo("42");
    }

    @Test
    void stopThenStartKeepsData() {
        REDIS.command("SET", "stop-key", "v3");
        REDIS.stop();
        assertThat(REDIS.process().isRunning()).isFalse();
        REDIS.start();
        assertThat(REDIS.command("GET", "stop-key")).isEqualTo("v3");
    }

    @Test
    void processExposesItsFiles() throws Exception {
        RedisProcess p = REDIS.process();
        assertThat(p.dir()).isDirectory();
        assertThat(p.logFile()).exists();
        assertThat(Files.readString(p.dir().resolve("redis.conf"))).contains("appendonly yes", "bind 127.0.0.1", "port " + p.port());
        assertThat(p.logTail(50)).contains("Ready to accept connections");
        assertThat(p.url()).isEqualTo("redis://127.0.0.1:" + p.port());
    }
}
