package dev.spool.worker.cli;

import dev.spool.api.Broker;
import dev.spool.api.WorkerInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code spool workers}: the workers whose heartbeat is alive. */
@Command(name = "workers", mixinStandardHelpOptions = true,
        description = "Lists running workers (a worker silent for 3 heartbeats drops out).")
final class WorkersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Broker broker = connection.open(dev.spool.api.BackendConfig.DEFAULT_LEASE)) {
            List<WorkerInfo> all = broker.workers().list();
            if (json) {
                Out.json(out, all);
            } else if (all.isEmpty()) {
                out.println("no workers running");
                out.flush();
            } else {
                List<List<String>> rows = new ArrayList<>();
                for (WorkerInfo w : all) {
                    rows.add(List.of(w.id(), w.host(), "" + w.pid(), String.join(",", w.queues()), "" + w.concurrency(),
                            "" + w.inFlight(), String.valueOf(w.startedAt()), String.valueOf(w.lastHeartbeat())));
                }
                Out.table(out, List.of("ID", "HOST", "PID", "QUEUES", "CONCURRENCY", "IN-FLIGHT", "STARTED", "LAST-HEARTBEAT"),
                        rows);
            }
        }
        return 0;
    }
}
