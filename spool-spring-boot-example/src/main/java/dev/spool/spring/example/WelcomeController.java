package dev.spool.spring.example;

import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.spring.SpoolQueue;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** {@code POST /welcome}: answers at once with the task's id; the mail goes out from a worker. */
@RestController
class WelcomeController {
    private final TaskQueue mail;

    WelcomeController(@SpoolQueue("mail") TaskQueue mail) {
        this.mail = mail;
    }

    @PostMapping("/welcome")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> welcome(@RequestBody Welcome welcome) {
        String id = mail.enqueue(Task.ofValue("send_welcome", welcome)).taskId();
        return Map.of("taskId", id);
    }
}
