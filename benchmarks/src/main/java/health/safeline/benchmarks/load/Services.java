package health.safeline.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The four packaged services and the baseline app as processes of their own, as {@code ./suite up} runs them (dev
 * profile, DEV ONLY keys, the same JVM options and heaps), on ports 1908x / 19090 and databases {@code <name>_bench}
 * that are dropped and created afresh for each run.
 */
final class Services implements AutoCloseable {

    static final String INTAKE = "intake", TRIAGE = "triage", SCHEDULING = "scheduling", ESCALATION = "escalation",
            BASELINE = "baseline";
    static final List<String> SAFELINE = List.of(INTAKE, TRIAGE, SCHEDULING, ESCALATION);
    /**
     * Below Linux's ephemeral range (32768-60999): polling a port inside it before the server listens can connect the
     * client to itself (TCP simultaneous open), and the server then finds its port taken (seen on 38084).
     */
    static final Map<String, Integer> PORTS = Map.of(INTAKE, 19081, TRIAGE, 19082, SCHEDULING, 19083, ESCALATION, 19084,
            BASELINE, 19090);
    /** The JVM options of ./suite, which passes them (run the benchmark through {@code ./suite bench}). */
    static final String JAVA_OPTS = System.getenv().getOrDefault("SAFELINE_JAVA_OPTS", "");

    /** One started process: its pid, and launch → first 200 of /q/health/ready. */
    record Launched(String name, Process process, long readyMillis) {
        long pid() {
            return process.pid();
        }
    }

    final Path root;
    final Path logs;
    final String dbHost;
    final int dbPort;
    final String dbUser = System.getenv().getOrDefault("SAFELINE_DB_USER", "postgres");
    final String dbPassword = System.getenv().getOrDefault("SAFELINE_DB_PASSWORD", "postgres");
    final Map<String, Launched> running = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    Services(Path root, Path logs) {
        this.root = root;
        this.logs = logs;
        this.dbHost = System.getenv().getOrDefault("SAFELINE_DB_HOST", "127.0.0.1");
        this.dbPort = Integer.parseInt(System.getenv().getOrDefault("SAFELINE_DB_PORT", "5432"));
    }

    static String url(String name) {
        return "http://127.0.0.1:" + PORTS.get(name);
    }

    static String database(String name) {
        return name + "_bench";
    }

    /** A service's heap as ./suite gives it ({@code SAFELINE_HEAP_<NAME>}); the baseline's own. */
    static String heap(String name) {
        if (BASELINE.equals(name)) {
            return "-Xmx256m";
        }
        String variable = "SAFELINE_HEAP_" + name.toUpperCase(java.util.Locale.ROOT);
        String heap = System.getenv(variable);
        if (heap == null || heap.isBlank()) {
            throw new IllegalStateException(variable + " is not set: run the benchmark through ./suite bench");
        }
        return heap;
    }

    Path jar(String name) {
        return BASELINE.equals(name) ? root.resolve("benchmarks/baseline/target/quarkus-app/quarkus-run.jar")
                : root.resolve(name + "-service/target/quarkus-app/quarkus-run.jar");
    }

    Connection jdbc(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + dbHost + ":" + dbPort + "/" + database, dbUser,
                dbPassword);
    }

    /** Drops (when {@code create} is false) or drops and creates the run's databases. */
    void resetDatabases(boolean create) throws SQLException {
        try (Connection c = jdbc("postgres"); var st = c.createStatement()) {
            for (String name : all()) {
                st.execute("DROP DATABASE IF EXISTS " + database(name) + " WITH (FORCE)");
                if (create) {
                    st.execute("CREATE DATABASE " + database(name));
                }
            }
        }
    }

    static List<String> all() {
        List<String> all = new ArrayList<>(SAFELINE);
        all.add(BASELINE);
        return all;
    }

    /** Starts {@code name} and waits until it is ready; fails if it exits or is not ready in 90 s. */
    Launched start(String name) throws Exception {
        Path jar = jar(name);
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Not packaged: " + jar + " (./mvnw -B -Pbench package -DskipTests)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(heap(name)); // first, so that an -Xmx in SAFELINE_JAVA_OPTS wins
        Arrays.stream(JAVA_OPTS.trim().split("\\s+")).filter(o -> !o.isEmpty()).forEach(command::add);
        // the AppCDS archive recorded by ./suite bench (the baseline's: Quarkus's); it names the class path relative
        // to quarkus-app
        if (Files.exists(jar.resolveSibling("app-cds.jsa"))) {
            command.add("-XX:SharedArchiveFile=app-cds.jsa");
        }
        command.addAll(List.of("-Dquarkus.http.port=" + PORTS.get(name),
                "-Dsafeline.db.name=" + database(name), "-Dsafeline.db.host=" + dbHost,
                "-Dsafeline.db.port=" + dbPort, "-jar", "quarkus-run.jar"));
        Files.createDirectories(logs);
        ProcessBuilder builder = new ProcessBuilder(command).directory(jar.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(logs.resolve(name + ".log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_PROFILE", "dev");
        env.put("SAFELINE_DEV_KEYS", root.resolve("dev-keys").toString());
        env.put("SAFELINE_TRIAGE_URL", url(TRIAGE));
        env.put("SAFELINE_ESCALATION_URL", url(ESCALATION));
        env.put("SAFELINE_BASELINE_DB", database(BASELINE));
        env.put("SAFELINE_DB_HOST", dbHost);
        env.put("SAFELINE_DB_PORT", String.valueOf(dbPort));
        if (ESCALATION.equals(name)) {
            // No tier may fire during the run: the clinician acknowledges each escalation, but a busy machine must
            // not turn a slow acknowledgement into escalated events and deadline work that a real day would not have.
            for (String p : List.of("STAT", "ASAP", "URGENT")) {
                env.put("SAFELINE_ESCALATION_POLICY_" + p + "_ACK_DEADLINE", "2H");
                env.put("SAFELINE_ESCALATION_POLICY_" + p + "_RESOLVE_DEADLINE", "8H");
            }
        }
        long launched = System.nanoTime();
        Process process = builder.start();
        Launched l = new Launched(name, process, 0);
        running.put(name, l);
        long deadline = launched + Duration.ofSeconds(90).toNanos();
        URI ready = URI.create(url(name) + "/q/health/ready");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited; see " + logs.resolve(name + ".log"));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    l = new Launched(name, process, (System.nanoTime() - launched) / 1_000_000);
                    running.put(name, l);
                    return l;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(name + " not ready in 90 s; see " + logs.resolve(name + ".log"));
    }

    /**
     * Waits until no running service builds its FHIR validator in the background any more (the thread
     * {@code fhir-validator-warm-up}, seen in /proc/<pid>/task/<tid>/comm, which keeps 15 characters), so that the
     * load does not measure it.
     */
    void awaitValidatorWarmUps(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean busy = false;
            for (Launched launched : running.values()) {
                busy |= hasThread(launched.pid(), "fhir-validator");
            }
            if (!busy) {
                return;
            }
            Thread.sleep(200);
        }
    }

    static boolean hasThread(long pid, String prefix) {
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.anyMatch(t -> {
                try {
                    return Files.readString(t.resolve("comm")).startsWith(prefix);
                } catch (IOException gone) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    /** utime + stime of {@code pid} in milliseconds (/proc/<pid>/stat, clock ticks of 10 ms). */
    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": f[0] is field 3 (state); utime is field 14, stime field 15
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static final long CLOCK_TICKS = 100;

    /** CPU time of the whole machine so far in milliseconds, idle and iowait excluded (/proc/stat). */
    static long machineCpuMillis() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + Long.parseLong(f[8]);
            return busy * 1000 / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** VmRSS of {@code pid} in MB (/proc/<pid>/status). */
    static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            // gone
        }
        return -1;
    }

    /** Committed transactions of {@code database} so far (pg_stat_database.xact_commit). */
    long commits(String database) {
        try (Connection c = jdbc("postgres");
                var q = c.prepareStatement("SELECT xact_commit FROM pg_stat_database WHERE datname = ?")) {
            q.setString(1, database);
            var rs = q.executeQuery();
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            return -1;
        }
    }

    /** Stops every process (SIGTERM, then SIGKILL after 10 s). */
    @Override
    public synchronized void close() {
        for (Launched l : running.values()) {
            l.process().destroy();
        }
        for (Launched l : running.values()) {
            try {
                if (!l.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    l.process().destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                l.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        running.clear();
    }
}
