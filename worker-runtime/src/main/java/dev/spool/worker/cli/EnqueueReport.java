package dev.spool.worker.cli;

import dev.spool.api.EnqueueResult;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The counts of a file enqueue, and the rejected lines with their reasons. */
final class EnqueueReport {
    private long accepted;
    private final List<Map<String, Object>> duplicates = new ArrayList<>();
    private final List<Map<String, Object>> rejected = new ArrayList<>();

    void result(long line, EnqueueResult r) {
        if (r.accepted()) {
            accepted++;
        } else {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("line", line);
            d.put("id", r.taskId());
            d.put("duplicateOf", r.duplicateOf());
            duplicates.add(d);
        }
    }

    void rejected(long line, String reason) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("line", line);
        r.put("error", reason);
        rejected.add(r);
    }

    int rejectedCount() {
        return rejected.size();
    }

    void print(PrintWriter out, PrintWriter err, String source, boolean json) {
        rejected.sort((a, b) -> Long.compare((Long) a.get("line"), (Long) b.get("line")));
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", source);
            m.put("accepted", accepted);
            m.put("duplicates", duplicates.size());
            m.put("rejected", rejected.size());
            m.put("duplicateLines", duplicates);
            m.put("rejectedLines", rejected);
            Out.json(out, m);
            return;
        }
        out.println(source + ": " + accepted + " accepted, " + duplicates.size() + " duplicate(s), "
                + rejected.size() + " rejected");
        out.flush();
        for (Map<String, Object> d : duplicates) {
            err.println("line " + d.get("line") + ": duplicate, unique key held by task " + d.get("duplicateOf"));
        }
        if (!rejected.isEmpty()) {
            // one line names the file, so that each rejection keeps the form "line N: rejected: reason"
            err.println(source + ": " + rejected.size() + " line(s) rejected, nothing stored from them;"
                    + " fix them and enqueue those lines again:");
        }
        for (Map<String, Object> r : rejected) {
            err.println("line " + r.get("line") + ": rejected: " + r.get("error"));
        }
        err.flush();
    }
}
