package dev.spool.redis.core;

import dev.spool.api.TaskProgress;

import java.time.Instant;

/**
 * A task's progress as both Redis adapters keep it: one hash field per task holding
 * {@code "<percent> <reportedAt ms>\n<detail JSON, or nothing>"}, written by their
 * {@code progress.lua} and read back by their {@code info.lua}.
 */
public final class ProgressRecord {
    private ProgressRecord() {
    }

    /** The detail as a script argument: the JSON text, or empty for none (no JSON value is empty). */
    public static String detailArg(String detail) {
        return detail == null ? "" : detail;
    }

    /** The record read back; null for none (empty) or for a record that is not one (left by hand). */
    public static TaskProgress parse(String record) {
        if (record == null || record.isEmpty()) {
            return null;
        }
        int sp = record.indexOf(' ');
        int nl = record.indexOf('\n');
        if (sp < 1 || nl < sp) {
            return null;
        }
        try {
            int percent = Integer.parseInt(record.substring(0, sp));
            long at = Long.parseLong(record.substring(sp + 1, nl));
            String detail = record.substring(nl + 1);
            return new TaskProgress(percent, detail.isEmpty() ? null : detail, Instant.ofEpochMilli(at));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
