package dev.spool.test;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension of the kit: gives each test a fresh {@link SpoolHarness} (a private in-memory broker,
 * handlers run synchronously, a manual clock) as a parameter, and closes it when the test ends. Register it
 * with {@link SpoolTest @SpoolTest} or {@code @ExtendWith(SpoolExtension.class)}, then declare the parameter:
 *
 * <pre>{@code
 * @SpoolTest
 * class SendWelcomeTest {
 *     @BeforeEach
 *     void handlers(SpoolHarness spool) {            // the same harness as the test's
 *         spool.handler(new SendWelcome(mailer));
 *     }
 *
 *     @Test
 *     void sends_one_mail(SpoolHarness spool) { ... }
 * }
 * }</pre>
 *
 * <p>A test method and its {@code @BeforeEach} and {@code @AfterEach} methods share one harness. A harness
 * taken by a constructor or a {@code @BeforeAll} method belongs to the class's context (JUnit resolves a
 * constructor parameter there, even with the default per-method lifecycle): every test of the class then gets
 * that same harness, closed when the class's tests are done. Take it as a method parameter for a fresh one.
 */
public final class SpoolExtension implements ParameterResolver, AfterEachCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SpoolExtension.class);
    private static final String KEY = "harness";

    /** Created by JUnit. */
    public SpoolExtension() {
    }

    /** True for a parameter of type {@link SpoolHarness}. */
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SpoolHarness.class;
    }

    /** The harness of this context, opened at its first use. */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(KEY, k -> SpoolHarness.create(), SpoolHarness.class);
    }

    /** Closes the test's harness. */
    @Override
    public void afterEach(ExtensionContext context) {
        close(context);
    }

    /** Closes the class's harness, if a constructor or {@code @BeforeAll} took one. */
    @Override
    public void afterAll(ExtensionContext context) {
        close(context);
    }

    private static void close(ExtensionContext context) {
        SpoolHarness harness = context.getStore(NAMESPACE).remove(KEY, SpoolHarness.class);
        if (harness != null) {
            harness.close();
        }
    }
}
