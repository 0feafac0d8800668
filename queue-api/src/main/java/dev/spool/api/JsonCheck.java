package dev.spool.api;

/**
 * Checks that a payload is exactly one well-formed JSON value (RFC 8259, strict: no comments,
 * no single quotes, no trailing commas, no NaN), nested at most {@link #MAX_DEPTH} deep, with no
 * unpaired UTF-16 surrogate, and no larger in UTF-8 than a limit. One pass, no allocation on the
 * success path: it runs for every task constructed, so it has to be cheap.
 */
final class JsonCheck {
    /** Deeper nesting is refused: a "JSON bomb" must not blow a decoder's stack in a worker. */
    static final int MAX_DEPTH = 64;

    private final String s;
    private final long maxBytes;
    private int pos;
    private long bytes;

    private JsonCheck(String s, long maxBytes) {
        this.s = s;
        this.maxBytes = maxBytes;
    }

    /** Returns null when {@code json} is valid, else a sentence saying what is wrong and where. */
    static String problem(String json, long maxBytes) {
        if (json.length() > maxBytes) { // every char is at least one UTF-8 byte
            return "is " + json.length() + " characters, over the limit of " + maxBytes + " bytes";
        }
        try {
            JsonCheck check = new JsonCheck(json, maxBytes);
            check.skipWhitespace();
            if (check.pos == json.length()) {
                return "is empty; send a JSON value such as {} or null";
            }
            check.value(0);
            check.skipWhitespace();
            if (check.pos != json.length()) {
                throw check.error("unexpected '" + json.charAt(check.pos) + "' after the JSON value");
            }
            if (check.bytes > maxBytes) {
                return "is " + check.bytes + " bytes in UTF-8, over the limit of " + maxBytes + " bytes";
            }
            return null;
        } catch (Invalid e) {
            return e.getMessage();
        }
    }

    private void value(int depth) {
        if (depth >= MAX_DEPTH) {
            throw new Invalid("is nested deeper than " + MAX_DEPTH + " levels (at character " + pos + ")");
        }
        char c = peek("a JSON value");
        switch (c) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                } else {
                    throw error("unexpected '" + c + "' where a JSON value should start");
                }
            }
        }
    }

    private void object(int depth) {
        pos++;
        bytes++;
        skipWhitespace();
        if (peek("'}' or a member name") == '}') {
            pos++;
            bytes++;
            return;
        }
        while (true) {
            skipWhitespace();
            if (peek("a member name") != '"') {
                throw error("expected a member name in double quotes");
            }
            string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            value(depth);
            skipWhitespace();
            char c = peek("',' or '}'");
            pos++;
            bytes++;
            if (c == '}') {
                return;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}' but found '" + c + "'");
            }
        }
    }

    private void array(int depth) {
        pos++;
        bytes++;
        skipWhitespace();
        if (peek("']' or a value") == ']') {
            pos++;
            bytes++;
            return;
        }
        while (true) {
            skipWhitespace();
            value(depth);
            skipWhitespace();
            char c = peek("',' or ']'");
            pos++;
            bytes++;
            if (c == ']') {
                return;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']' but found '" + c + "'");
            }
        }
    }

    private void string() {
        pos++; // opening quote
        bytes++;
        while (true) {
            if (pos >= s.length()) {
                throw error("has a string that is not closed");
            }
            char c = s.charAt(pos++);
            if (c == '"') {
                bytes++;
                return;
            }
            if (c == '\\') {
                bytes += 2;
                char e = peek("an escape character");
                pos++;
                switch (e) {
                    case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> { }
                    case 'u' -> {
                        for (int i = 0; i < 4; i++) {
                            char h = peek("a hex digit");
                            if (Character.digit(h, 16) < 0) {
                                throw error("has a bad \\u escape");
                            }
                            pos++;
                            bytes++;
                        }
                    }
                    default -> {
                        pos--;
                        throw error("has an unknown escape '\\" + e + "'");
                    }
                }
            } else if (c < 0x20) {
                pos--;
                throw error("has an unescaped control character (U+" + String.format("%04X", (int) c) + ") in a string");
            } else if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                if (pos >= s.length() || !Character.isLowSurrogate(s.charAt(pos))) {
                    pos--;
                    throw error("has an unpaired UTF-16 surrogate (invalid Unicode)");
                }
                pos++;
                bytes += 4;
            } else if (Character.isLowSurrogate(c)) {
                pos--;
                throw error("has an unpaired UTF-16 surrogate (invalid Unicode)");
            } else {
                bytes += 3;
            }
            if (bytes > maxBytes) {
                throw new Invalid("is over the limit of " + maxBytes + " bytes in UTF-8");
            }
        }
    }

    private void number() {
        int start = pos;
        if (s.charAt(pos) == '-') {
            pos++;
        }
        char c = peek("a digit");
        if (c == '0') {
            pos++;
        } else if (c >= '1' && c <= '9') {
            digits();
        } else {
            throw error("has a malformed number");
        }
        if (pos < s.length() && s.charAt(pos) == '.') {
            pos++;
            if (pos >= s.length() || !isDigit(s.charAt(pos))) {
                throw error("has a malformed number (a digit must follow '.')");
            }
            digits();
        }
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            pos++;
            if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                pos++;
            }
            if (pos >= s.length() || !isDigit(s.charAt(pos))) {
                throw error("has a malformed number (a digit must follow the exponent)");
            }
            digits();
        }
        bytes += pos - start;
    }

    private void digits() {
        while (pos < s.length() && isDigit(s.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void literal(String word) {
        if (!s.startsWith(word, pos)) {
            throw error("has an unknown word where a JSON value should be (expected " + word + ")");
        }
        pos += word.length();
        bytes += word.length();
    }

    private void expect(char c) {
        if (peek("'" + c + "'") != c) {
            throw error("expected '" + c + "' but found '" + s.charAt(pos) + "'");
        }
        pos++;
        bytes++;
    }

    private char peek(String expected) {
        if (pos >= s.length()) {
            throw error("ends early; expected " + expected);
        }
        return s.charAt(pos);
    }

    private void skipWhitespace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
            bytes++;
        }
    }

    private Invalid error(String what) {
        return new Invalid("is not valid JSON: " + what + " (at character " + pos + ")");
    }

    /** Control flow for the first problem found; no stack trace is filled in. */
    private static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }
}
