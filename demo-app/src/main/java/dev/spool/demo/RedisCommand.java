package dev.spool.demo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code spool-demo redis}: the embedded Redis in the foreground, for the distributed form of the
 * demo on a machine without a Redis of its own. Ctrl-C stops it.
 */
@Command(name = "redis", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Runs the embedded Redis (persistence off) on 127.0.0.1 until Ctrl-C, for the distributed "
                + "form of the demo when no Redis is at hand.")
final class RedisCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "<port>", defaultValue = "6379",
            description = "The port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @ParentCommand
    DemoCli parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 1 || port > 65535) {
            throw DemoOptions.usage(spec, "--port is " + port + "; use 1 to 65535");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedRedis redis = EmbeddedRedis.start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            redis.close();
            stopped.countDown();
        }, "spool-demo-redis-stop"));
        parent.out.println("Redis listening on " + redis.url() + " (embedded, persistence off); Ctrl-C stops it");
        stopped.await();
        return DemoCli.OK;
    }
}
