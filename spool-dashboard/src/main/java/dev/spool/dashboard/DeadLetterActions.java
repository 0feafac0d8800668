package dev.spool.dashboard;

import dev.spool.api.DeadLetter;
import dev.spool.api.QueueInspector;
import dev.spool.api.TaskDecodeException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/queues/{queue}/dead}: the dead letters filtered by type and error ({@link DeadLetterSearch}),
 * and requeue or delete of the selected ones, of every match of a filter, or of all of them, in bounded
 * steps: one call acts on at most {@link #STEP} dead letters and answers {@code next} (or -1 when done), so
 * the page calls again until the work is done and shows how far it got.
 */
final class DeadLetterActions {
    static final int STEP = 1000;

    private final QueueInspector inspector;

    DeadLetterActions(QueueInspector inspector) {
        this.inspector = inspector;
    }

    Object handle(Call call, String q, List<String> rest) {
        if (rest.isEmpty() && call.method().equals("GET")) {
            DeadLetterSearch search = new DeadLetterSearch(call.query("type"), call.query("error"));
            int offset = call.intQuery("offset", 0, 0, Integer.MAX_VALUE);
            int limit = call.intQuery("limit", 50, 1, Api.MAX_PAGE);
            DeadLetterSearch.Found found = search.find(inspector, q, offset, limit);
            List<Object> items = new ArrayList<>();
            found.items().forEach(d -> items.add(Views.dead(d)));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("items", items);
            m.put("scanned", found.scanned());
            m.put("next", found.next());
            m.put("total", inspector.stats(q).dead());
            return m;
        }
        if (rest.size() == 1 && call.method().equals("POST") && (rest.get(0).equals("requeue") || rest.get(0).equals("delete"))) {
            return act(call, q, rest.get(0).equals("requeue"));
        }
        throw ApiException.notFound("no such API route: " + call.method() + " /api/queues/" + q + "/dead/"
                + String.join("/", rest) + "; use GET .../dead, POST .../dead/requeue or POST .../dead/delete");
    }

    private Map<String, Object> act(Call call, String q, boolean requeue) {
        List<String> ids = call.ids("ids", STEP);
        boolean all = call.flag("all");
        if (ids.isEmpty() == !all) {
            throw ApiException.badRequest("ids", "send either {\"ids\": [task ids]} or {\"all\": true} (with \"type\" "
                    + "and \"error\" to act only on the dead letters that match)");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        if (!all) {
            int done = 0;
            List<String> skipped = new ArrayList<>();
            for (String id : ids) {
                if (one(q, id, requeue)) {
                    done++;
                } else {
                    skipped.add(id);
                }
            }
            m.put("done", done);
            m.put("skipped", skipped);
            m.put("next", -1);
            return m;
        }
        DeadLetterSearch search = new DeadLetterSearch(call.string("type"), call.string("error"));
        if (!search.filtering()) {
            m.put("done", requeue ? inspector.requeueAllDead(q) : inspector.deleteAllDead(q));
            m.put("next", -1);
            return m;
        }
        long from = call.number("from", 0);
        DeadLetterSearch.Found found = search.find(inspector, q, from, STEP);
        int done = 0;
        for (DeadLetter d : found.items()) {
            if (one(q, d.id(), requeue)) {
                done++;
            }
        }
        m.put("done", done);
        m.put("scanned", found.scanned());
        // the ones acted on left the dead letters: the next step starts that many places earlier
        m.put("next", found.next() < 0 ? -1 : Math.max(0, found.next() - done));
        return m;
    }

    /** Requeues or deletes one dead letter; false when it is not there (or, on requeue, is not a task). */
    private boolean one(String q, String id, boolean requeue) {
        if (!requeue) {
            return inspector.deleteDead(q, id);
        }
        try {
            return inspector.requeueDead(q, id);
        } catch (TaskDecodeException e) {
            return false;
        }
    }
}
