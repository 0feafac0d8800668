package dev.spool.bench;

import java.util.Arrays;
import java.util.List;

/** Reads {@code jstat -gc <pid>}: collections (young + full) and total GC time (the GCT column). */
final class JstatGc {
    private JstatGc() {
    }

    /** {count, total GC time in microseconds} from jstat's header and value lines; {-1, -1} when unreadable. */
    static long[] parse(String[] lines) {
        if (lines.length < 2) {
            return new long[] {-1, -1};
        }
        List<String> head = Arrays.asList(lines[lines.length - 2].trim().split("\\s+"));
        String[] v = lines[lines.length - 1].trim().split("\\s+");
        int ygc = head.indexOf("YGC");
        int fgc = head.indexOf("FGC");
        int gct = head.indexOf("GCT");
        if (ygc < 0 || fgc < 0 || gct < 0 || v.length != head.size()) {
            return new long[] {-1, -1};
        }
        long count = Long.parseLong(v[ygc]) + Long.parseLong(v[fgc]);
        long micros = Math.round(Double.parseDouble(v[gct]) * 1e6);
        return new long[] {count, micros};
    }
}
