package dev.spool.reliability;

/**
 * One execution of a task that reached its end, as the recording handler wrote it.
 *
 * @param id      the task id
 * @param pid     the worker process that ran it
 * @param attempt the delivery it was (1 for the first)
 * @param startMs when the handler started, wall clock
 * @param endMs   when it recorded its effect
 * @param ok      true when it succeeded (false: a poisoned task failing on purpose)
 */
record Execution(String id, long pid, int attempt, long startMs, long endMs, boolean ok) {

    /** Parses {@code id|pid|attempt|startMs|endMs|ok|fail}. */
    static Execution parse(String line) {
        String[] f = line.split("\\|");
        if (f.length != 6) {
            throw new IllegalArgumentException("not an execution record: " + line);
        }
        return new Execution(f[0], Long.parseLong(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]),
                Long.parseLong(f[4]), "ok".equals(f[5]));
    }

    /**
     * The start of an execution, written before the handler's work.
     *
     * @param id      the task id
     * @param pid     the worker process
     * @param attempt the delivery
     * @param startMs when, wall clock
     */
    record Start(String id, long pid, int attempt, long startMs) {

        /** Parses {@code id|pid|attempt|startMs}. */
        static Start parse(String line) {
            String[] f = line.split("\\|");
            if (f.length != 4) {
                throw new IllegalArgumentException("not a start record: " + line);
            }
            return new Start(f[0], Long.parseLong(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]));
        }
    }
}
