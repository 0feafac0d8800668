package dev.spool.redis.core;

import dev.spool.api.spi.ScheduleStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The schedules of both Redis adapters: one script ({@code schedules.lua}) over one hash
 * ({@link KeyNames#schedules()}). An adapter supplies only the call through its client
 * ({@link WorkerRecords.Call}); schedules registered through either backend are fired by both.
 */
public final class ScheduleRecords implements ScheduleStore {
    /** The schedules' script, sent by both adapters. */
    public static final LuaScript SCRIPT = LuaScript.load(ScheduleRecords.class, "lua/", "schedules");
    private static final String WHERE = "(schedules)";

    private final String backend;
    private final List<String> keys;
    private final WorkerRecords.Call call;

    /**
     * @param backend the adapter's name, for messages
     * @param names   the namespace's key names
     * @param call    how the adapter runs {@link #SCRIPT}
     */
    public ScheduleRecords(String backend, KeyNames names, WorkerRecords.Call call) {
        this.backend = backend;
        this.keys = List.of(names.schedules());
        this.call = call;
    }

    @Override
    public Put put(String name, String definition, long now) {
        long r = number("registering schedule " + name, "put", name, definition, Long.toString(now));
        return r == 0 ? Put.CREATED : r == 1 ? Put.UPDATED : Put.UNCHANGED;
    }

    @Override
    public List<Stored> list() {
        List<Object> flat = Replies.list(call.run(keys, List.of("list", ""), "listing schedules"), backend, "schedules", WHERE);
        Map<String, String> defs = new HashMap<>();
        Map<String, String> states = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            String field = Replies.string(flat.get(i));
            String value = Replies.string(flat.get(i + 1));
            (field.startsWith("d:") ? defs : states).put(field.substring(2), value);
        }
        List<Stored> out = new ArrayList<>(defs.size());
        defs.forEach((name, def) -> {
            String[] s = states.getOrDefault(name, "").split(" ");
            if (s.length == 3) {
                out.add(new Stored(name, def, Long.parseLong(s[0]), Long.parseLong(s[1]), s[2].equals("1")));
            }
        });
        return out;
    }

    @Override
    public boolean remove(String name) {
        return number("removing schedule " + name, "remove", name) == 1;
    }

    @Override
    public boolean pause(String name, boolean paused, long now) {
        return number((paused ? "pausing" : "resuming") + " schedule " + name, "pause", name, paused ? "1" : "0",
                Long.toString(now)) == 1;
    }

    @Override
    public boolean advance(String name, long from, long to, boolean fired) {
        return number("moving schedule " + name + " to its tick " + to, "advance", name, Long.toString(from),
                Long.toString(to), fired ? "1" : "0") == 1;
    }

    private long number(String what, String... args) {
        return Replies.number(call.run(keys, List.of(args), what), backend, "schedules", WHERE);
    }
}
