package dev.spool.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A text summary of a JFR recording of a worker (run the bench with
 * {@code --worker-jvm-option=-XX:StartFlightRecording=filename=<dir>/,settings=profile}):
 * <ol>
 *   <li>CPU samples by thread group, by top frame (self) and by method anywhere on the stack (inclusive);</li>
 *   <li>allocation samples by class and by the innermost Spool frame that allocated;</li>
 *   <li>monitor waits and parks by the innermost non-JDK frame: locks on the hot path.</li>
 * </ol>
 * {@code java -cp spool-bench.jar dev.spool.bench.JfrSummary <file.jfr> [top]}
 */
public final class JfrSummary {
    private JfrSummary() {
    }

    /** Prints the summary of the recording named by the first argument. */
    public static void main(String[] args) throws IOException {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> allocClass = new HashMap<>();
        Map<String, Long> allocSite = new HashMap<>();
        Map<String, Long> lockNanos = new HashMap<>();
        Map<String, Long> lockCount = new HashMap<>();
        long samples = 0;
        long allocTotal = 0;
        List<long[]> heap = new java.util.ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            String type = e.getEventType().getName();
            RecordedStackTrace st = e.getStackTrace();
            List<RecordedFrame> frames = st == null ? List.of() : st.getFrames();
            switch (type) {
                case "jdk.ExecutionSample" -> {
                    samples++;
                    String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
                    threads.merge(group(thread), 1L, Long::sum);
                    if (!frames.isEmpty()) {
                        self.merge(name(frames.get(0)), 1L, Long::sum);
                    }
                    Set<String> seen = new HashSet<>();
                    for (RecordedFrame f : frames) {
                        String n = name(f);
                        if (seen.add(n)) {
                            inclusive.merge(n, 1L, Long::sum);
                        }
                    }
                }
                case "jdk.ObjectAllocationSample" -> {
                    long w = e.getLong("weight");
                    allocTotal += w;
                    allocClass.merge(e.getClass("objectClass").getName(), w, Long::sum);
                    allocSite.merge(firstFrame(frames, "dev.spool."), w, Long::sum);
                }
                case "jdk.JavaMonitorEnter", "jdk.ThreadPark" -> {
                    String site = firstNonJdk(frames) + (type.endsWith("Park") ? " [park]" : " [monitor]");
                    lockNanos.merge(site, e.getDuration().toNanos(), Long::sum);
                    lockCount.merge(site, 1L, Long::sum);
                }
                case "jdk.GCHeapSummary" -> heap.add(new long[] {e.getInt("gcId"),
                        "Before GC".equals(e.getString("when")) ? 0 : 1, e.getLong("heapUsed")});
                default -> {
                }
            }
        }
        System.out.printf(Locale.ROOT, "CPU samples: %d%n", samples);
        print("CPU samples by thread", threads, samples, top, "");
        print("CPU samples by top frame (self)", self, samples, top, "");
        print("CPU samples by method on the stack (inclusive)", inclusive, samples, top, "");
        heap.sort(java.util.Comparator.<long[]>comparingLong(h -> h[0]).thenComparingLong(h -> h[1]));
        long allocated = 0;
        long lastAfter = 0;
        for (long[] h : heap) {
            if (h[1] == 0) {
                allocated += Math.max(0, h[2] - lastAfter);
            } else {
                lastAfter = h[2];
            }
        }
        System.out.printf(Locale.ROOT, "%nallocated between GCs (sum of heap growth from each GC's end to the next GC's "
                + "start, %d GCs): %,d bytes%n", heap.size() / 2, allocated);
        print("allocation by class (sampled weight)", allocClass, allocTotal, top, " bytes");
        print("allocation by innermost dev.spool frame", allocSite, allocTotal, top, " bytes");
        System.out.println("\nlock waits (monitor enter >= 20 ms threshold of the profile settings, parks >= 20 ms) by innermost non-JDK frame:");
        lockNanos.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(en -> System.out.printf(Locale.ROOT, "  %8d ms %6d x  %s%n",
                        Duration.ofNanos(en.getValue()).toMillis(), lockCount.get(en.getKey()), en.getKey()));
    }

    private static void print(String title, Map<String, Long> counts, long total, int top, String unit) {
        System.out.println("\n" + title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(en -> System.out.printf(Locale.ROOT, "  %5.1f %%  %12d%s  %s%n",
                        100.0 * en.getValue() / Math.max(1, total), en.getValue(), unit, en.getKey()));
    }

    private static String group(String thread) {
        return thread.replaceAll("[-#]?\\d+$", "").replaceAll("-\\d+-", "-N-");
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static String firstFrame(List<RecordedFrame> frames, String prefix) {
        for (RecordedFrame f : frames) {
            String n = name(f);
            if (n.startsWith(prefix)) {
                return n + ":" + f.getLineNumber();
            }
        }
        return frames.isEmpty() ? "?" : "(no Spool frame) " + name(frames.get(0));
    }

    private static String firstNonJdk(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String n = name(f);
            if (!n.startsWith("java.") && !n.startsWith("jdk.") && !n.startsWith("sun.")) {
                return n + ":" + f.getLineNumber();
            }
        }
        return frames.isEmpty() ? "?" : name(frames.get(0));
    }
}
