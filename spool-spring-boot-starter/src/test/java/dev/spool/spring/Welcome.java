package dev.spool.spring;

/** A payload of the tests. */
record Welcome(String email, String name) {
}
