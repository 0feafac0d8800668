package dev.spool.testkit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whichever of the two shared-server classes runs second finds the keys of the first one flushed;
 * a nested class shares its outer class's data (no flush in between).
 */
class SharedServerSecondClassTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    private static long keysAtStart;

    @BeforeAll
    static void leaveData() {
        keysAtStart = (Long) REDIS.command("DBSIZE");
        REDIS.command("SET", "left-by-" + SharedServerSecondClassTest.class.getSimpleName(), "x");
    }

    @Test
    void classStartsOnAnEmptyDatabaseEvenIfAnotherClassLeftKeys() {
        assertThat(keysAtStart).isZero();
    }

    @Nested
    class NestedClass {
        @Test
        void seesTheOuterClassData() {
            assertThat(REDIS.command("EXISTS", "left-by-" + SharedServerSecondClassTest.class.getSimpleName())).isEqualTo(1L);
        }
    }
}
