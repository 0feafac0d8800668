package dev.spool.test;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class (or method) whose tests take a {@link SpoolHarness} parameter: the same as
 * {@code @ExtendWith(SpoolExtension.class)}. It does not make a method a test: keep {@code @Test} on each.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(SpoolExtension.class)
public @interface SpoolTest {
}
