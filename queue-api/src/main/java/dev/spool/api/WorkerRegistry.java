package dev.spool.api;

import java.time.Duration;
import java.util.List;

/** Who is running: workers register with a heartbeat, and a worker gone silent drops out. */
public interface WorkerRegistry {

    /** Records {@code info} as alive until {@code ttl} from now. */
    void heartbeat(WorkerInfo info, Duration ttl);

    /** Removes a worker at once (on clean shutdown). */
    void deregister(String workerId);

    /** The workers whose last heartbeat has not expired, by id. */
    List<WorkerInfo> list();
}
