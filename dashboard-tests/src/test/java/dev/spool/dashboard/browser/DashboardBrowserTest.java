package dev.spool.dashboard.browser;

import com.google.gson.JsonObject;
import dev.spool.api.Broker;
import dev.spool.api.NonRetryableException;
import dev.spool.api.Schedule;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.api.TaskState;
import dev.spool.dashboard.DashboardAuth;
import dev.spool.dashboard.DashboardServer;
import dev.spool.testkit.redis.RedisServerExtension;
import dev.spool.worker.Worker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in headless Chromium, with a real worker on a real Redis (redis-list): the overview's counts
 * move as tasks run, a dead letter with a {@code <script>} payload and error renders as text, is requeued from
 * its page and then processed, the workers and recurring pages list
 * what exists, a scheduled task is listed, found by id and run now, and a protected dashboard refuses a wrong password. Each page is saved as a screenshot
 * (target/screenshots; the current ones are committed under spool-dashboard/docs).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // one operator's visit: the screenshots show its steps
class DashboardBrowserTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    /** Markup an attacker would put in a payload and an error: must show as text, never run. */
    static final String SCRIPT = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\">";

    static Broker broker;
    static Worker worker;
    static DashboardServer dashboard;
    static Browser browser;
    static final AtomicBoolean reportsWork = new AtomicBoolean(false);

    @BeforeAll
    static void start() {
        broker = Spool.connect("redis-list", REDIS.url());
        worker = Worker.builder(broker).queues("mail", "reports").discoverHandlers(false).concurrency(4)
                .handle("welcome", JsonObject.class, (p, ctx) -> Thread.sleep(30))
                .handle("report", JsonObject.class, (p, ctx) -> {
                    if (!reportsWork.get()) {
                        throw new NonRetryableException("renderer crashed on " + SCRIPT);
                    }
                })
                .lease(Duration.ofSeconds(10)).grace(Duration.ofSeconds(1)).build();
        worker.start();
        dashboard = DashboardServer.start(broker, "127.0.0.1", 0, false, DashboardAuth.none());
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (dashboard != null) {
            dashboard.close();
        }
        if (worker != null) {
            worker.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static String url(String hash) {
        return dashboard.uri() + hash;
    }

    @Test
    @Order(1)
    void theOverviewFollowsTheQueueAsTasksRun() {
        TaskQueue mail = broker.queue("mail");
        broker.inspector().pause("mail");
        for (int i = 0; i < 40; i++) {
            mail.enqueue(Task.of("welcome", "{\"to\":\"user" + i + "@example.com\"}"));
        }
        browser.open(url("#/"));
        browser.awaitText("tr[data-queue=mail] td[data-field=ready]", "40");
        browser.screenshot("overview-paused");
        browser.find("tr[data-queue=mail] .badge.paused");

        broker.inspector().resume("mail");
        browser.awaitText("tr[data-queue=mail] td[data-field=ready]", "0");
        browser.await("processed to reach 40", d -> Long.parseLong(browser.text("tr[data-queue=mail] td[data-field=processed]")) >= 40);
        browser.find(".chart .uplot");
        browser.screenshot("overview");

        browser.click("tr[data-queue=mail] a.queue-link");
        browser.find("[data-total=processed]");
        browser.find(".chart .uplot");
        browser.find("main .empty, main tbody");
        browser.screenshot("queue");
    }

    @Test
    @Order(2)
    void aDeadLetterShowsItsScriptAsTextAndIsRequeuedFromThePage() {
        String id = broker.queue("reports").enqueue(Task.builder("report").payload("{\"title\":\"" + SCRIPT.replace("\"", "\\\"") + "\"}")
                .maxAttempts(1).retention(Duration.ofHours(1)).build()).taskId();
        browser.open(url("#/queue/reports/dead"));
        browser.find("tr[data-id='" + id + "']");
        browser.find("input[name=type]").sendKeys("report");
        browser.find("input[name=error]").sendKeys("renderer" + Keys.ENTER);
        assertThat(browser.text("tr[data-id='" + id + "'] td.error")).contains(SCRIPT);
        browser.screenshot("dead-letters");

        browser.click("tr[data-id='" + id + "'] a");
        browser.awaitText("#state", "dead");
        assertThat(browser.text("#payload")).contains(SCRIPT.replace("\"", "\\\"")); // as JSON, pretty-printed
        assertThat(browser.text("#last-error")).contains(SCRIPT);
        assertThat(browser.js("return window.pwned === undefined")).isEqualTo(true);
        assertThat(browser.driver.findElements(By.cssSelector("main img, main script"))).isEmpty();
        browser.screenshot("task");

        reportsWork.set(true);
        browser.clickButton(".actions", "Requeue");
        browser.awaitText("#state", "succeeded");
        assertThat(broker.inspector().task("reports", id)).hasValueSatisfying(t -> assertThat(t.state()).isEqualTo(TaskState.SUCCEEDED));
        assertThat(browser.js("return window.pwned === undefined")).isEqualTo(true);
    }

    @Test
    @Order(3)
    void aScheduledTaskIsFoundByItsIdListedAndRunNowFromItsPage() {
        String id = broker.queue("mail").enqueue(Task.builder("welcome").delay(Duration.ofHours(2))
                .retention(Duration.ofHours(1)).build()).taskId();
        browser.open(url("#/queue/mail/scheduled"));
        browser.find("tr[data-id='" + id + "']");
        browser.open(url("#/workers"));
        browser.find("#search-id").sendKeys(id + Keys.ENTER);
        browser.awaitText("#state", "scheduled");
        assertThat(browser.driver.getCurrentUrl()).endsWith("#/queue/mail/task/" + id);
        browser.clickButton(".actions", "Run now");
        browser.awaitText("#state", "succeeded");
        assertThat(broker.inspector().task("mail", id)).hasValueSatisfying(t -> assertThat(t.state()).isEqualTo(TaskState.SUCCEEDED));
    }

    @Test
    @Order(4)
    void workersAndRecurringTasksAreListed() {
        broker.schedules().put(Schedule.builder("nightly-report").queue("reports").task(Task.of("report", "{}")).cron("0 3 * * *").build());
        browser.open(url("#/workers"));
        assertThat(browser.text("tr[data-worker]")).contains("mail, reports");
        browser.screenshot("workers");
        browser.open(url("#/schedules"));
        assertThat(browser.text("tr[data-schedule=nightly-report]")).contains("reports").contains("report");
        browser.screenshot("recurring");
    }

    @Test
    @Order(5)
    void aProtectedDashboardRefusesAWrongPassword() {
        try (DashboardServer guarded = DashboardServer.start(broker, "127.0.0.1", 0, false, DashboardAuth.basic("ops", "s3cret"))) {
            String host = "127.0.0.1:" + guarded.port();
            browser.open("http://ops:wrong@" + host + "/#/");
            // refused: the browser gets a 401 and shows no dashboard (headless, it cannot ask for another password)
            assertThat(browser.driver.findElements(By.id("view"))).isEmpty();
            assertThat(browser.driver.getTitle()).isNotEqualTo("Spool");
            browser.open("http://ops:s3cret@" + host + "/#/");
            browser.find("tr[data-queue]");
        }
    }
}
