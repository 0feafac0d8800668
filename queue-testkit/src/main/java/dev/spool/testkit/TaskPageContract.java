package dev.spool.testkit;

import dev.spool.api.Delivery;
import dev.spool.api.InvalidTaskException;
import dev.spool.api.QueueInspector;
import dev.spool.api.Task;
import dev.spool.api.TaskInfo;
import dev.spool.api.TaskState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract clause 12, pages ({@link QueueInspector#tasks}): the tasks of each state are listed page by page
 * in the documented order, every page as a lookup by id shows its tasks, with no gap and no repeat between
 * pages; a task handed back leads the ready tasks of its priority; bad arguments are refused naming the
 * field. Part of {@link TaskQueueContractTest}.
 */
public abstract class TaskPageContract extends ExpiryContract {

    private List<String> page(TaskState state, int offset, int limit) {
        List<TaskInfo> page = broker.inspector().tasks(queue.name(), state, offset, limit);
        assertThat(page).as("every task of a %s page is %s", state, state).allSatisfy(t -> assertThat(t.state()).isEqualTo(state));
        return page.stream().map(TaskInfo::id).toList();
    }

    /** Every task of the state, read in pages of {@code size}. */
    private List<String> all(TaskState state, int size) {
        List<String> out = new ArrayList<>();
        for (int offset = 0; ; offset += size) {
            List<String> p = page(state, offset, size);
            out.addAll(p);
            if (p.size() < size) {
                return out;
            }
        }
    }

    @Test
    void eachStateIsListedPageByPageInItsOrder() {
        List<String> a = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            a.add(enqueue(Task.builder("page").priority(0).build()));
        }
        String b0 = enqueue(Task.builder("page").priority(5).build());
        String b1 = enqueue(Task.builder("page").priority(5).build());
        String c0 = enqueue(Task.builder("page").priority(9).build());
        String late = enqueue(Task.builder("page").runAt(clock.instant().plusSeconds(30)).build());
        String soon = enqueue(Task.builder("page").runAt(clock.instant().plusSeconds(10)).build());
        String mid = enqueue(Task.builder("page").runAt(clock.instant().plusSeconds(20)).build());

        Delivery first = queue.fetch(1, Duration.ZERO, Duration.ofSeconds(90)).get(0);
        Delivery second = queue.fetch(1, Duration.ZERO, Duration.ofSeconds(60)).get(0);
        assertThat(List.of(first.id(), second.id())).containsExactly(c0, b0);
        assertThat(page(TaskState.RUNNING, 0, 10)).as("by lease deadline").containsExactly(b0, c0);

        List<String> ready = new ArrayList<>(List.of(b1));
        ready.addAll(a);
        assertThat(page(TaskState.READY, 0, 3)).containsExactlyElementsOf(ready.subList(0, 3));
        assertThat(page(TaskState.READY, 3, 3)).containsExactlyElementsOf(ready.subList(3, 6));
        assertThat(page(TaskState.READY, 5, 3)).containsExactly(a.get(4));
        assertThat(page(TaskState.READY, 6, 3)).isEmpty();
        assertThat(all(TaskState.READY, 2)).as("pages of 2: no gap, no repeat").containsExactlyElementsOf(ready);
        assertThat(page(TaskState.SCHEDULED, 0, 10)).as("by when due").containsExactly(soon, mid, late);
        assertThat(page(TaskState.SCHEDULED, 1, 1)).containsExactly(mid);

        assertThat(queue.fail(first, "broken")).isTrue();
        clock.advance(Duration.ofMillis(5)); // dead letters are ordered by when they failed
        assertThat(queue.fail(second, "broken too")).isTrue();
        assertThat(page(TaskState.DEAD, 0, 10)).as("newest first").containsExactly(b0, c0);
        assertThat(page(TaskState.RUNNING, 0, 10)).isEmpty();
        TaskInfo dead = broker.inspector().tasks(queue.name(), TaskState.DEAD, 0, 1).get(0);
        assertThat(dead.lastError()).contains("broken too");
    }

    @Test
    void aTaskHandedBackLeadsTheReadyTasksOfItsPriority() {
        String x = enqueue(Task.of("page", "{}"));
        String y = enqueue(Task.of("page", "{}"));
        String z = enqueue(Task.of("page", "{}"));
        Delivery dx = fetchOne();
        Delivery dy = fetchOne();
        assertThat(List.of(dx.id(), dy.id())).containsExactly(x, y);
        assertThat(queue.release(dy)).isTrue();
        assertThat(page(TaskState.READY, 0, 10)).containsExactly(y, z);
        assertThat(page(TaskState.RUNNING, 0, 10)).containsExactly(x);
        assertThat(fetchOne().id()).as("as fetched").isEqualTo(y);
    }

    @Test
    void badPageArgumentsAreRefusedNamingTheField() {
        QueueInspector in = broker.inspector();
        assertThatThrownBy(() -> in.tasks(queue.name(), TaskState.SUCCEEDED, 0, 10)).isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining("found by its id").extracting(e -> ((InvalidTaskException) e).field()).isEqualTo("state");
        assertThatThrownBy(() -> in.tasks(queue.name(), TaskState.READY, -1, 10)).hasMessageContaining("offset -1 is negative");
        assertThatThrownBy(() -> in.tasks(queue.name(), TaskState.READY, 0, 0)).hasMessageContaining("give 1 to 1000");
        assertThatThrownBy(() -> in.tasks(queue.name(), TaskState.READY, 0, 1001)).hasMessageContaining("limit 1001");
        assertThat(in.tasks(queue.name(), TaskState.READY, 0, 10)).as("an empty queue").isEmpty();
    }
}
