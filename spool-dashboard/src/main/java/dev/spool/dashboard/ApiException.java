package dev.spool.dashboard;

/**
 * A request the API refuses, with its HTTP status and, for a bad argument, the field at fault. The message
 * says what was wrong and how to do it right; it reaches the client as {@code {"error": ..., "field": ...}}.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String field;

    ApiException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    /** 400: {@code field} is missing or malformed. */
    static ApiException badRequest(String field, String message) {
        return new ApiException(400, field, message);
    }

    /** 404: no such queue, task, schedule or route. */
    static ApiException notFound(String message) {
        return new ApiException(404, null, message);
    }

    /** 409: the action does not apply to the task's current state. */
    static ApiException conflict(String message) {
        return new ApiException(409, null, message);
    }

    /** 403: refused (read-only dashboard, or a request from another origin). */
    static ApiException forbidden(String message) {
        return new ApiException(403, null, message);
    }
}
