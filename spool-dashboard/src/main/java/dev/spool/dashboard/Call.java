package dev.spool.dashboard;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One API request, as the routes read it: the method, the path below {@code /api} in segments, the query
 * parameters and the JSON body (an empty object when there is none).
 */
record Call(String method, List<String> path, Map<String, String> query, JsonObject body) {

    String query(String name) {
        return query.get(name);
    }

    /** The query parameter {@code name} as an int in [min, max], {@code dflt} when absent. */
    int intQuery(String name, int dflt, int min, int max) {
        String v = query.get(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(name, name + "=" + v + " must be a whole number from " + min + " to " + max);
    }

    /** The body's string field {@code name}, null when absent. */
    String string(String name) {
        JsonElement e = body.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw ApiException.badRequest(name, "field '" + name + "' must be a string");
        }
        return e.getAsString();
    }

    /** The body's boolean field {@code name}, false when absent. */
    boolean flag(String name) {
        JsonElement e = body.get(name);
        if (e == null || e.isJsonNull()) {
            return false;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw ApiException.badRequest(name, "field '" + name + "' must be true or false");
        }
        return e.getAsBoolean();
    }

    /** The body's non-negative number field {@code name}, {@code dflt} when absent. */
    long number(String name, long dflt) {
        JsonElement e = body.get(name);
        if (e == null || e.isJsonNull()) {
            return dflt;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber() || e.getAsLong() < 0) {
            throw ApiException.badRequest(name, "field '" + name + "' must be a number from 0");
        }
        return e.getAsLong();
    }

    /** The body's array of task ids {@code name}, each checked; at most {@code max}. */
    List<String> ids(String name, int max) {
        JsonElement e = body.get(name);
        if (e == null || e.isJsonNull()) {
            return List.of();
        }
        if (!e.isJsonArray()) {
            throw ApiException.badRequest(name, "field '" + name + "' must be an array of task ids");
        }
        JsonArray a = e.getAsJsonArray();
        if (a.size() > max) {
            throw ApiException.badRequest(name, "field '" + name + "' holds " + a.size() + " ids; send at most " + max
                    + " at a time, or {\"all\": true}");
        }
        List<String> out = new ArrayList<>();
        for (JsonElement id : a) {
            if (!id.isJsonPrimitive() || !id.getAsJsonPrimitive().isString()) {
                throw ApiException.badRequest(name, "field '" + name + "' must hold task ids as strings");
            }
            out.add(Api.id(id.getAsString()));
        }
        return out;
    }
}
