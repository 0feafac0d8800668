package dev.spool.security;

import dev.spool.api.BackendConfig;
import dev.spool.api.BackendException;
import dev.spool.api.Broker;
import dev.spool.api.Spool;
import dev.spool.api.SpoolException;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A Redis user limited to the {@code spool:*} keys and the commands each backend needs (the
 * {@code ACL SETUSER} lines of the README) runs every operation; a wrong password fails fast with a
 * clear message that never shows the password.
 */
class AclTest {
    static final String ADMIN_PASSWORD = "admin-Secr3t-pw";
    static final String SPOOL_PASSWORD = "spool-S3cret-pw";
    static final String WRONG_PASSWORD = "wrong-Hunter2-pw";

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.dedicated().withConfig("requirepass", ADMIN_PASSWORD);

    /** The README's ACL lines: the commands each backend sends, on spool:* keys only. */
    static final Map<String, String> ACL = Map.of(
            "redis-list", "ACL SETUSER spool on >" + SPOOL_PASSWORD + " resetkeys ~spool:* resetchannels -@all"
                    + " +ping +time +info +client|setname +select +evalsha +eval +script|load +blpop +sadd +smembers +hget"
                    + " +get +set +del +unlink +exists +pexpire +type"
                    + " +lpush +rpush +lpop +llen +ltrim +lpos +lrange +lrem"
                    + " +hset +hdel +hgetall +hexists +hlen +hincrby +hmget"
                    + " +zadd +zrem +zcard +zscore +zrange +zrangebyscore +zremrangebyrank +zremrangebyscore +zrevrange"
                    + " +xadd +xread +xrevrange",
            "redis-stream", "ACL SETUSER spool on >" + SPOOL_PASSWORD + " resetkeys ~spool:* resetchannels -@all"
                    + " +ping +time +info +client|setname +select +evalsha +eval +script|load +sadd +smembers +srem +sismember"
                    + " +get +set +del +unlink +exists +pexpire +type"
                    + " +hget +hset +hmset +hdel +hgetall +hexists +hincrby +hmget"
                    + " +zadd +zrem +zcard +zcount +zscore +zrange +zrangebyscore +zremrangebyscore +zrevrange"
                    + " +xadd +xack +xclaim +xdel +xgroup +xlen +xrange +xreadgroup +xread +xpending +xrevrange +xinfo +multi +exec");

    @BeforeEach
    void reset() {
        REDIS.flushAll();
        REDIS.command("ACL", "DELUSER", "spool");
        REDIS.command("ACL", "LOG", "RESET");
    }

    static String url(String user, String password) {
        return "redis://" + user + ":" + password + "@127.0.0.1:" + REDIS.port();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void aUserLimitedToSpoolKeysAndTheBackendsCommandsRunsEveryOperation(String backend) {
        REDIS.command(ACL.get(backend).split(" "));
        try (Broker broker = Spool.connect(backend, url("spool", SPOOL_PASSWORD))) {
            Workload.exercise(broker, "acl");
        } finally {
            assertThat(REDIS.command("ACL", "LOG")).as("ACL denials").isEqualTo(List.of());
        }
        // and the user really is limited: it cannot touch another key
        try (var j = new redis.clients.jedis.Jedis("127.0.0.1", REDIS.port())) {
            j.auth("spool", SPOOL_PASSWORD);
            Throwable t = catchThrowable(() -> j.set("other:key", "x"));
            assertThat(t).hasMessageContaining("NOPERM");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void aUserLimitedToOneNamespaceWorksThereAndNowhereElse(String backend) {
        // the README's line for one namespace: the same commands, keys ~spool:billing:* only
        REDIS.command(ACL.get(backend).replace("~spool:*", "~spool:billing:*").split(" "));
        BackendConfig billing = BackendConfig.builder(url("spool", SPOOL_PASSWORD)).option("namespace", "billing").build();
        try (Broker broker = Spool.connect(backend, billing)) {
            Workload.exercise(broker, "acl");
        } finally {
            assertThat(REDIS.command("ACL", "LOG")).as("ACL denials in its namespace").isEqualTo(List.of());
        }
        // outside it, the connect already fails (reading the server's time); nothing is stored either way
        Throwable t = catchThrowable(() -> {
            try (Broker outside = Spool.connect(backend, BackendConfig.builder(url("spool", SPOOL_PASSWORD))
                    .option("retry.for", "0s").build())) {
                outside.queue("acl").enqueue(dev.spool.api.Task.of("w", "{}"));
            }
        });
        assertThat(t).as("outside its namespace").isInstanceOf(BackendException.class);
        assertThat(chain(t)).contains("NOPERM");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void aWrongPasswordFailsFastWithAClearMessageWithoutThePassword(String backend) {
        REDIS.command(ACL.get(backend).split(" "));
        long t0 = System.nanoTime();
        Throwable t = catchThrowable(() -> Spool.connect(backend, url("spool", WRONG_PASSWORD)).close());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(t).isInstanceOf(BackendException.class);
        String all = chain(t);
        assertThat(all).doesNotContain(WRONG_PASSWORD).doesNotContain(SPOOL_PASSWORD);
        assertThat(t.getMessage()).contains("127.0.0.1:" + REDIS.port());
        assertThat(t.getMessage()).as("says it is the credentials").containsAnyOf("WRONGPASS", "password", "credentials", "authentication");
        BadInputTable.record("Java API " + backend, "a wrong password (Spool.connect)", "BackendException after " + ms + " ms",
                t.getMessage().replace(Integer.toString(REDIS.port()), "PORT"));
        // Fast means: refused at once, not retried for retry.for (30 s) like a dropped connection. The
        // bound leaves room for a first Netty / Redisson start on a loaded machine.
        assertThat(ms).as("fails fast, without the 30 s of retries").isLessThan(20_000);
    }

    /** The message of every exception in the chain, with their toString (what a log would show). */
    static String chain(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c).append('\n');
            for (Throwable s : c.getSuppressed()) {
                b.append(s).append('\n');
            }
        }
        return b.toString();
    }

    static void unused(SpoolException e) {
    }
}
