package dev.spool.spring.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Spool in a Spring Boot application: {@code POST /welcome} enqueues a {@code send_welcome} task on the
 * queue {@code mail} ({@link WelcomeController}); the worker in the same application runs it
 * ({@link WelcomeMailer}), which enqueues the follow-up {@code send_tips} ({@link SendTips}). Health and
 * meters are on the actuator's endpoints, the queues and their tasks on the dashboard at {@code /spool/}.
 * Needs Redis at {@code spool.redis.url}.
 */
@SpringBootApplication
public class ExampleApplication {

    /** Starts the application. */
    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }
}
