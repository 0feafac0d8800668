package dev.spool.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Inspection and administration of queues, kept apart from the work path of {@link TaskQueue}:
 * counts, dead letters, purge and pause. Obtained from {@link Broker#inspector()}.
 */
public interface QueueInspector {

    /** The names of every queue that has ever had a task enqueued, sorted. */
    Set<String> queues();

    /** The figures of {@code queue} (all zero for a queue never used). */
    QueueStats stats(String queue);

    /**
     * The throughput history of {@code queue}: exactly {@link HistoryScale#points()} points of
     * {@link HistoryScale#step()} each, oldest first, the last being the current (partial) bucket, with
     * zeros where nothing was settled. {@link HistoryPoint#processed()} and {@link HistoryPoint#failed()}
     * count what {@link QueueStats#processed()} and {@link QueueStats#failed()} count, written in the same
     * atomic step as those totals; buckets follow the backend's clock (the Redis server's time on Redis).
     * The history is kept in bounded storage (one slot per point and scale, whatever the queue's age).
     *
     * @throws InvalidTaskException (field {@code scale}) when {@code scale} is null, (field {@code queue})
     *                              for a bad queue name
     */
    List<HistoryPoint> history(String queue, HistoryScale scale);

    /**
     * The task {@code taskId} of {@code queue} in whatever state it is (scheduled, ready, running or
     * dead), found by id without scanning the queue.
     *
     * @return empty when the queue holds no task of that id (it never existed, it finished, or it was
     *         purged). A ready task stored before Spool could look tasks up by id (a redis-list body in
     *         a ready list, a redis-stream entry without its index record) is not found.
     * @throws InvalidTaskException when {@code taskId} is not a valid task id
     */
    Optional<TaskInfo> task(String queue, String taskId);

    /**
     * Cancels task {@code taskId} of {@code queue}: a scheduled or ready task is removed at once
     * ({@link CancelResult#CANCELLED}); a running one is flagged for its worker to stop
     * ({@link CancelResult#REQUESTED}). Its unique key is freed when it ends.
     *
     * @throws InvalidTaskException when {@code taskId} is not a valid task id
     */
    CancelResult cancel(String queue, String taskId);

    /**
     * Runs the {@link TaskState#SCHEDULED} task {@code taskId} of {@code queue} now: in one atomic step it
     * becomes ready exactly as if its {@code runAt} had just come (behind the ready tasks of its priority, as a
     * fetch would have moved it), keeping its attempts, last error and unique key. A task waiting for a retry
     * is run now the same way. A task in any other state is left as it is.
     *
     * @return {@link RunNowResult#READY}, {@link RunNowResult#NOT_SCHEDULED} for a task in another state, or
     *         {@link RunNowResult#NOT_FOUND}
     * @throws InvalidTaskException when {@code queue} or {@code taskId} is not valid (the field is named)
     */
    RunNowResult runNow(String queue, String taskId);

    /**
     * Deletes task {@code taskId} of {@code queue} in one atomic step, with everything it owns: its stored
     * task, last error, progress, result, dead-letter record, and its unique key if it still holds it
     * (whether held until it finishes or for a window), so that a new task with that key is accepted. A
     * {@link TaskState#SCHEDULED}, {@link TaskState#READY} (including one handed back) or {@link TaskState#DEAD}
     * task is deleted, and so is the record of a task kept after it {@link TaskState#SUCCEEDED} or was
     * {@link TaskState#CANCELLED}. Afterwards {@link #task} finds nothing and no fetch returns it. A
     * {@link TaskState#RUNNING} task is refused and left as it is: {@link #cancel} it instead.
     *
     * @return {@link DeleteResult#DELETED}, {@link DeleteResult#RUNNING} or {@link DeleteResult#NOT_FOUND}
     * @throws InvalidTaskException when {@code queue} or {@code taskId} is not valid (the field is named)
     */
    DeleteResult delete(String queue, String taskId);

    /** The settings of {@code queue} ({@link QueueSettings#DEFAULTS} for one never configured). */
    QueueSettings settings(String queue);

    /**
     * Stores the settings of {@code queue}, for every process: how many events its log keeps (0 for
     * none) and the retention of finished tasks that set none. Takes effect with the next operation.
     */
    void configure(String queue, QueueSettings settings);

    /**
     * The events of up to {@code max} entries of {@code queue}'s log that came after the event {@code after}
     * (one entry holds one event, or the events of one batch; see {@link QueueEvent#id()}) (an id an
     * earlier call returned, {@link QueueEvents#START} for the oldest kept, or {@link #lastEventId} taken
     * before for "from now on"), oldest first. When there are none yet, waits up to {@code wait} for
     * the first (on the server, not by polling) and returns what came.
     *
     * @throws InvalidTaskException (field {@code after}) when {@code after} is not an event id
     */
    List<QueueEvent> events(String queue, String after, int max, Duration wait);

    /** The id of the newest event in {@code queue}'s log, or {@link QueueEvents#START} when it has none. */
    String lastEventId(String queue);

    /**
     * Waits up to {@code timeout} for task {@code taskId} of {@code queue} to end, woken by its final
     * event ({@link QueueEvents#awaitOutcome}).
     *
     * @return the task in its final state (succeeded, dead or cancelled), or in its current state when the
     *         timeout came first; empty when the queue holds no such task, or it ended without being kept
     *         (give it a {@link Task#retention()}, or the queue one, to see its outcome)
     */
    default Optional<TaskInfo> awaitOutcome(String queue, String taskId, Duration timeout) {
        return new QueueEvents(this, queue).awaitOutcome(taskId, timeout);
    }

    /**
     * A page of the tasks of {@code queue} in {@code state}: up to {@code limit} from {@code offset}, each as
     * {@link #task} shows it. {@link TaskState#READY} tasks come in the order fetches take them (priority 9
     * first, then oldest first), {@link TaskState#SCHEDULED} ones by when they are due, {@link TaskState#RUNNING}
     * ones by lease deadline, {@link TaskState#DEAD} ones newest first. A page is read without scanning the
     * queue: its cost grows with {@code offset + limit}, not with the queue's length. A task that changes
     * state while the page is read is left out.
     *
     * @param limit 1 to 1000
     * @throws InvalidTaskException for another state (a succeeded or cancelled task is found by id), a
     *                              negative offset or a limit out of range
     */
    List<TaskInfo> tasks(String queue, TaskState state, int offset, int limit);

    /** Up to {@code limit} dead letters of {@code queue} from {@code offset}, newest first. */
    List<DeadLetter> deadLetters(String queue, int offset, int limit);

    /**
     * Moves a dead letter back to the ready queue with a fresh set of attempts.
     *
     * @return false when there is no such dead letter
     * @throws TaskDecodeException when the dead letter's data is not a task and cannot be requeued
     */
    boolean requeueDead(String queue, String taskId);

    /** Requeues every dead letter that is a valid task; returns how many. */
    long requeueAllDead(String queue);

    /** Deletes one dead letter; false when there is no such dead letter. */
    boolean deleteDead(String queue, String taskId);

    /** Deletes every dead letter of {@code queue}; returns how many. */
    long deleteAllDead(String queue);

    /**
     * Deletes every ready and delayed task of {@code queue} (not those in flight, not dead letters)
     * and returns how many.
     */
    long purge(String queue);

    /** Stops {@code fetch} from handing out tasks of {@code queue}; enqueue goes on. */
    void pause(String queue);

    /** Undoes {@link #pause}. */
    void resume(String queue);
}
