package dev.spool.dashboard.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.function.Function;

/**
 * The system's headless Chromium under Selenium: Debian's {@code chromium} and {@code chromium-driver}
 * ({@code SPOOL_CHROMIUM} and {@code SPOOL_CHROMEDRIVER} name others). Nothing is downloaded: without them the
 * test fails, saying what to install, rather than passing without a browser.
 */
final class Browser implements AutoCloseable {
    static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    final ChromeDriver driver;
    private final Path profile;

    Browser() {
        String chromium = locate("SPOOL_CHROMIUM", "/usr/bin/chromium");
        String chromedriver = locate("SPOOL_CHROMEDRIVER", "/usr/bin/chromedriver");
        try {
            profile = Files.createTempDirectory("spool-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // the closed network: no background connections, no sync, no component updates
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    private static String locate(String env, String fallback) {
        String path = System.getenv().getOrDefault(env, fallback);
        if (!Files.isExecutable(Paths.get(path))) {
            throw new IllegalStateException("no browser for the dashboard tests: " + path + " is missing. Install Debian's "
                    + "chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/test-deps does it as root) "
                    + "or point " + env + " at one");
        }
        return path;
    }

    void open(String url) {
        driver.get(url);
    }

    /** Waits up to 15 s for {@code condition} (the page refreshes itself every 2 s). */
    <T> T await(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(15)).withMessage(what).until(condition);
    }

    WebElement find(String css) {
        return await("an element " + css, d -> {
            var found = d.findElements(By.cssSelector(css));
            return found.isEmpty() ? null : found.get(0);
        });
    }

    /** Waits until the element at {@code css} shows exactly {@code text}. */
    void awaitText(String css, String text) {
        await(css + " to show '" + text + "'", d -> text.equals(textOrNull(css)));
    }

    /**
     * The text of the element at {@code css}, once there. The pages redraw every 2 s, so an element found a
     * moment ago may be gone: each call looks again.
     */
    String text(String css) {
        return await("an element " + css, d -> textOrNull(css));
    }

    /** Clicks the element at {@code css}, looking again if the page redrew it meanwhile. */
    void click(String css) {
        await("a clickable " + css, d -> {
            try {
                var found = d.findElements(By.cssSelector(css));
                if (found.isEmpty()) {
                    return null;
                }
                found.get(0).click();
                return true;
            } catch (StaleElementReferenceException e) {
                return null;
            }
        });
    }

    /** Clicks the button labelled {@code label} inside {@code css}. */
    void clickButton(String css, String label) {
        click(css + " button[data-label='" + label + "']");
    }

    private String textOrNull(String css) {
        try {
            var found = driver.findElements(By.cssSelector(css));
            return found.isEmpty() ? null : found.get(0).getText().trim();
        } catch (StaleElementReferenceException e) {
            return null;
        }
    }

    Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** Saves the window as target/screenshots/{name}.png (the README's images are copies of these). */
    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile left behind
        }
    }
}
