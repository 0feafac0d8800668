package dev.spool.api;

/**
 * A task (or a queue name) was refused before anything was stored: its message names the field,
 * what is wrong with the value and how to fix it, for example
 * {@code task field 'type': "send mail" has a character outside [A-Za-z0-9_.:-] (at index 4); use letters, digits and _ . : - only}.
 */
public class InvalidTaskException extends SpoolException {
    private final String field;

    /** @param field the offending field, as named in {@link Task} ({@code type}, {@code payload}, ...) */
    public InvalidTaskException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The name of the offending field. */
    public String field() {
        return field;
    }
}
