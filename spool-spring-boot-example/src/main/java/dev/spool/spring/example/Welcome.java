package dev.spool.spring.example;

/** The payload of the example's tasks: whom to welcome. */
public record Welcome(String email, String name) {
}
