package dev.spool.redis.core;

import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.HexFormat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LuaScriptTest {

    @Test
    void includesTheOwnFragmentFirstThenTheSharedOneEachOnce() throws Exception {
        LuaScript s = LuaScript.load(LuaScriptTest.class, "fixture/", "main");
        assertThat(s.name()).isEqualTo("main");
        assertThat(s.source()).contains("local OWN = 1", "local function expect(key, kind)", "return 1")
                .doesNotContainPattern("(?m)^--@include");
        assertThat(s.source().indexOf("local OWN")).isEqualTo(s.source().lastIndexOf("local OWN"));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.source().getBytes(UTF_8)));
        assertThat(s.sha()).isEqualTo(sha);
        assertThat(new String(s.shaBytes(), UTF_8)).isEqualTo(sha);
        assertThat(s.sourceBytes()).isEqualTo(s.source().getBytes(UTF_8));
    }

    @Test
    void theTaskDefaultsComeFromJava() {
        LuaScript s = LuaScript.load(LuaScriptTest.class, "fixture/", "defaults");
        assertThat(s.source()).contains("local DEFAULT_MAX_ATTEMPTS = " + dev.spool.api.TaskDefaults.MAX_ATTEMPTS + "\n")
                .contains(HistoryRecords.lua());
    }

    @Test
    void callSendsTheShaAndTheTextOnlyWhenTheServerDoesNotKnowIt() {
        LuaScript s = LuaScript.load(LuaScriptTest.class, "fixture/", "own");
        java.util.List<Boolean> sends = new java.util.ArrayList<>();
        String known = s.call(fullText -> {
            sends.add(fullText);
            return "ok";
        });
        String loaded = s.call(fullText -> {
            sends.add(fullText);
            if (!fullText) {
                throw new RuntimeException("wrapped", new RuntimeException("NOSCRIPT No matching script. Please use EVAL."));
            }
            return "loaded";
        });
        assertThat(known).isEqualTo("ok");
        assertThat(loaded).isEqualTo("loaded");
        assertThat(sends).containsExactly(false, false, true);
        LuaScript.Sender<String> failing = fullText -> {
            throw new IllegalStateException("ERR other");
        };
        assertThatThrownBy(() -> s.call(failing)).hasMessage("ERR other");
    }

    @Test
    void aMissingIncludeNamesTheFile() {
        assertThatThrownBy(() -> LuaScript.load(LuaScriptTest.class, "fixture/", "broken"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing.lua");
        assertThatThrownBy(() -> LuaScript.load(LuaScriptTest.class, "fixture/", "absent"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("fixture/absent.lua");
    }

    @Test
    void aWrongTypeErrorReadsTheSameOnEveryBackendAndVersion() {
        RuntimeException redis7 = new RuntimeException("ERR SPOOL-WRONGTYPE string hash spool:{q}:tokens"
                + " script: 9aba0a5c0f1b7b4d2d3c1e0f9a8b7c6d5e4f3a2b, on @user_script:12.");
        var e = ServerErrors.wrongType("redis-stream", "fetch on queue 'q'", new RuntimeException("wrapped", redis7));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).isEqualTo("redis-stream: fetch on queue 'q': spool:{q}:tokens holds a string,"
                + " expected a hash: delete or repair it (the call changed nothing)");
        assertThat(ServerErrors.wrongType("redis-list", "x", new RuntimeException("WRONGTYPE Operation"))).isNull();
    }
}
