package dev.spool.worker.cli;

import dev.spool.api.Broker;
import dev.spool.dashboard.DashboardAuth;
import dev.spool.dashboard.DashboardServer;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The dashboard's options, shared by {@code spool dashboard} and {@code spool worker --dashboard-port}: where it
 * listens, read-only or not, and its authentication (a password or a token, from a file or the environment; a
 * flag would show in the process list). Without authentication it listens on 127.0.0.1 only.
 */
final class DashboardFlags {
    @Option(names = "--dashboard-host", paramLabel = "<host>",
            description = "Address the dashboard listens on. Anything but a loopback address needs a password or a token. "
                    + "Env SPOOL_DASHBOARD_HOST. Default: 127.0.0.1.")
    String host = DashboardServer.DEFAULT_HOST;

    @Option(names = "--dashboard-read-only", description = "Show everything, change nothing (every action answers 403). "
            + "Env SPOOL_DASHBOARD_READ_ONLY.")
    boolean readOnly;

    @Option(names = "--dashboard-user", paramLabel = "<user>",
            description = "User name of HTTP basic authentication. Env SPOOL_DASHBOARD_USER. Default: admin.")
    String user = "admin";

    @Option(names = "--dashboard-password-file", paramLabel = "<file>",
            description = "Require HTTP basic authentication with the password in this file (its first line).")
    Path passwordFile;

    @Option(names = "--dashboard-password", paramLabel = "<password>", hidden = true,
            description = "The password itself: set it as SPOOL_DASHBOARD_PASSWORD rather than as a flag.")
    String password;

    @Option(names = "--dashboard-token-file", paramLabel = "<file>",
            description = "Require 'Authorization: Bearer <token>' with the token in this file (its first line).")
    Path tokenFile;

    @Option(names = "--dashboard-token", paramLabel = "<token>", hidden = true,
            description = "The token itself: set it as SPOOL_DASHBOARD_TOKEN rather than as a flag.")
    String token;

    DashboardAuth auth() {
        String pw = passwordFile != null ? firstLine("--dashboard-password-file", passwordFile) : password;
        String tk = tokenFile != null ? firstLine("--dashboard-token-file", tokenFile) : token;
        if (pw != null && tk != null) {
            throw new ConfigDefaults.UsageException("give the dashboard a password or a token, not both");
        }
        try {
            if (pw != null) {
                return DashboardAuth.basic(user, pw);
            }
            return tk != null ? DashboardAuth.bearer(tk) : DashboardAuth.none();
        } catch (IllegalArgumentException e) {
            throw new ConfigDefaults.UsageException(e.getMessage());
        }
    }

    DashboardServer start(Broker broker, int port) {
        if (port < 0 || port > 65535) {
            throw new ConfigDefaults.UsageException("--dashboard-port " + port + " is not a port; give 0 to 65535");
        }
        return DashboardServer.start(broker, host, port, readOnly, auth());
    }

    private static String firstLine(String flag, Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String line = text.lines().findFirst().orElse("").strip();
            if (line.isEmpty()) {
                throw new ConfigDefaults.UsageException(flag + " " + file + " is empty; put the secret on its first line");
            }
            return line;
        } catch (IOException e) {
            throw new ConfigDefaults.UsageException(flag + " " + file + " cannot be read (" + e.getMessage() + ")");
        }
    }
}
