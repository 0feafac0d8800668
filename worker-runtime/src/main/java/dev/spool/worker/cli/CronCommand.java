package dev.spool.worker.cli;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.EnqueueResult;
import dev.spool.api.Schedule;
import dev.spool.api.ScheduleInfo;
import dev.spool.api.Task;
import dev.spool.api.spi.ScheduleStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code spool cron add|list|remove|trigger|pause|resume}: the recurring tasks every worker fires. */
@Command(name = "cron", mixinStandardHelpOptions = true,
        description = "Recurring tasks: a task enqueued on each tick of a cron expression or an interval, fired once per "
                + "tick by whichever running worker gets there first.",
        subcommands = {CronCommand.Add.class, CronCommand.ListAll.class, CronCommand.Remove.class, CronCommand.Trigger.class,
                CronCommand.Pause.class, CronCommand.Resume.class})
final class CronCommand extends CommandGroup {

    /** The spec and connection of every cron subcommand. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Connection connection;

        Broker open() {
            return connection.open(BackendConfig.DEFAULT_LEASE);
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    /** A subcommand acting on one schedule by name; exit code 3 when there is none. */
    abstract static class Named extends Base {
        @Option(names = "--name", paramLabel = "<name>", required = true, description = "The schedule's name.")
        String name;

        int unknown() {
            spec.commandLine().getErr().println("no schedule named '" + name + "' (spool cron list shows them)");
            spec.commandLine().getErr().flush();
            return TaskCommand.UNKNOWN;
        }

        int done(boolean found, String what) {
            if (!found) {
                return unknown();
            }
            out().println(what + " schedule " + name);
            out().flush();
            return 0;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Registers a schedule, or replaces the one of that name (keeping when it last fired). Prints "
                    + "created, updated or unchanged, and the next tick.")
    static final class Add extends Named {
        @Option(names = "--queue", paramLabel = "<q>", required = true, description = "The queue its tasks go to.")
        String queue;

        @Mixin
        TaskOptions task;

        @Option(names = "--cron", paramLabel = "<expr>",
                description = "Six fields, seconds first ('0 30 2 * * *': 02:30:00 daily), or five as in Unix cron.")
        String cron;

        @Option(names = "--zone", paramLabel = "<zone>", description = "Time zone of --cron, e.g. Europe/Berlin. Default: UTC.")
        String zone;

        @Option(names = "--every", paramLabel = "<duration>",
                description = "Fire every interval instead, at whole multiples since the epoch (every 15m: :00, :15...).")
        String every;

        @Option(names = "--missed", paramLabel = "<once|skip>",
                description = "Ticks missed while no worker ran: once (fire the latest, once; the default) or skip.")
        String missed = "once";

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            Schedule schedule = schedule(); // checked before connecting
            try (Broker broker = open()) {
                ScheduleStore.Put put = broker.schedules().put(schedule);
                ScheduleInfo info = broker.schedules().get(name).orElseThrow();
                if (json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("result", put.name().toLowerCase(Locale.ROOT));
                    m.putAll(row(info));
                    Out.json(out(), m);
                } else {
                    out().println(put.name().toLowerCase(Locale.ROOT) + " schedule " + name + ": " + schedule.describe()
                            + " to queue " + queue + ", next tick " + info.nextFire());
                    out().flush();
                }
            }
            return 0;
        }

        private Schedule schedule() {
            if (task.type == null) {
                throw new ConfigDefaults.UsageException("give --type <type>: the type of the task each tick enqueues");
            }
            Schedule.Builder b = Schedule.builder(name).queue(queue).task(task.builder().build());
            if (cron != null && every != null) {
                throw new ConfigDefaults.UsageException("give either --cron or --every, not both");
            }
            if (cron == null && every == null) {
                throw new ConfigDefaults.UsageException("give --cron <expr> (for example '0 30 2 * * *') or --every <duration>");
            }
            if (cron != null) {
                b.cron(cron);
            } else {
                b.every(Admin.duration("--every", every));
            }
            if (zone != null) {
                b.zone(zone);
            }
            try {
                b.missed(Schedule.Missed.valueOf(missed.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ConfigDefaults.UsageException("--missed is '" + missed + "'; use once or skip");
            }
            return b.build();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the schedules with their last and next ticks.")
    static final class ListAll extends Base {
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            List<ScheduleInfo> all;
            try (Broker broker = open()) {
                all = broker.schedules().list();
            }
            if (json) {
                Out.json(out(), all.stream().map(CronCommand::row).toList());
                return 0;
            }
            if (all.isEmpty()) {
                out().println("no schedules");
                out().flush();
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (ScheduleInfo i : all) {
                Schedule s = i.schedule();
                rows.add(List.of(s.name(), s.queue(), s.task().type(), s.describe(), i.paused() ? "paused" : "active",
                        dash(i.lastFired()), i.paused() ? "-" : dash(i.nextFire())));
            }
            Out.table(out(), List.of("NAME", "QUEUE", "TYPE", "WHEN", "STATE", "LAST-FIRED", "NEXT"), rows);
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Removes a schedule (tasks it enqueued stay queued). Exit code 3 when there is none.")
    static final class Remove extends Named {
        @Override
        public Integer call() {
            try (Broker broker = open()) {
                return done(broker.schedules().remove(name), "removed");
            }
        }
    }

    @Command(name = "trigger", mixinStandardHelpOptions = true,
            description = "Enqueues the schedule's task now, outside its ticks (also when paused). Exit code 3 when there is none.")
    static final class Trigger extends Named {
        @Override
        public Integer call() {
            try (Broker broker = open()) {
                Optional<EnqueueResult> r = broker.schedules().trigger(name);
                if (r.isEmpty()) {
                    return unknown();
                }
                out().println("triggered schedule " + name + ": task " + r.get().taskId());
                out().flush();
                return 0;
            }
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Pauses a schedule: its ticks pass without firing. Exit code 3 when there is none.")
    static final class Pause extends Named {
        @Override
        public Integer call() {
            try (Broker broker = open()) {
                return done(broker.schedules().pause(name), "paused");
            }
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Resumes a schedule from its next tick (ticks passed while paused are not fired). Exit code 3 "
                    + "when there is none.")
    static final class Resume extends Named {
        @Override
        public Integer call() {
            try (Broker broker = open()) {
                return done(broker.schedules().resume(name), "resumed");
            }
        }
    }

    private static Map<String, Object> row(ScheduleInfo i) {
        Schedule s = i.schedule();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("queue", s.queue());
        m.put("type", s.task().type());
        m.put("cron", s.cron());
        m.put("zone", s.cron() == null ? null : s.zone().getId());
        m.put("every", s.every() == null ? null : s.every().toString());
        m.put("missed", s.missed().name().toLowerCase(Locale.ROOT));
        m.put("paused", i.paused());
        m.put("lastFired", text(i.lastFired()));
        m.put("nextFire", text(i.nextFire()));
        return m;
    }

    private static String dash(Instant t) {
        return t == null ? "-" : t.toString();
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
