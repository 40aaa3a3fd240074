package health.safeline.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL server of a test's own (the binaries {@code ./suite} installs under {@code .suite/pg}), so
 * that the test may stop and restart it. As root it runs as {@code nobody}, like {@code ./suite}.
 */
final class Postgres {

    private static final boolean ROOT_USER = "root".equals(System.getProperty("user.name"));
    private final Path bin = Path.of(System.getProperty("safeline.pg.bin", Suite.ROOT.resolve(".suite/pg/bin").toString()));
    private final Path data;
    private final Path log;
    final int port;

    Postgres(String name, int port) {
        this.port = port;
        this.data = Suite.ROOT.resolve("system-tests/target/" + name);
        this.log = Suite.ROOT.resolve("system-tests/target/service-logs/" + name + ".log");
    }

    /** A fresh cluster, started. */
    void init() throws Exception {
        if (!Files.isExecutable(bin.resolve("postgres"))) {
            throw new IllegalStateException("No PostgreSQL binaries in " + bin + ": run ./suite db once");
        }
        stopQuietly();
        run("rm", "-rf", data.toString());
        Files.createDirectories(data);
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        Files.createFile(log);
        if (ROOT_USER) {
            run("chown", "nobody", data.toString(), log.toString());
            run("chmod", "700", data.toString());
        }
        asPostgresUser(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust",
                "-E", "UTF8", "--locale=C");
        start();
    }

    void start() throws Exception {
        asPostgresUser(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c log_error_verbosity=terse",
                "start");
    }

    /** Fast shutdown: open transactions are rolled back, clients are disconnected. */
    void stop() throws Exception {
        asPostgresUser(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
    }

    void stopQuietly() {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                stop();
            } catch (Exception ignored) {
                // already gone
            }
        }
    }

    private void asPostgresUser(String... command) throws Exception {
        List<String> full = new ArrayList<>();
        if (ROOT_USER) {
            full.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        full.addAll(List.of(command));
        run(full.toArray(String[]::new));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
