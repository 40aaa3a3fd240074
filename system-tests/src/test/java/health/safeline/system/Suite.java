package health.safeline.system;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The four packaged services as real processes on their own ports and databases
 * ({@code <service>_it}), so that a running dev suite is not disturbed.
 */
final class Suite {

    enum Service {
        INTAKE(18081), TRIAGE(18082), SCHEDULING(18083), ESCALATION(18084);

        final int port;

        Service(int port) {
            this.port = port + PORT_SHIFT;
        }

        String module() {
            return name().toLowerCase() + "-service";
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        /**
         * The services holding the FHIR validator (about 40 MB live, 100-130 MB while it is built) get more heap. Both
         * are larger than {@code ./suite}'s (160 and 192 MB): these tests check behaviour, not memory.
         */
        String heap() {
            return this == TRIAGE ? "-Xmx192m" : "-Xmx384m";
        }
    }

    static final Path ROOT = Path.of(System.getProperty("safeline.root", "..")).toAbsolutePath().normalize();
    /**
     * Added to every port of the system tests, and {@link #DB_TAG} to every database name
     * ({@code SAFELINE_IT_PORT_SHIFT}, {@code SAFELINE_IT_DB_TAG}): two checkouts can run their system tests at once.
     */
    static final int PORT_SHIFT = Integer.parseInt(System.getenv().getOrDefault("SAFELINE_IT_PORT_SHIFT", "0"));
    static final String DB_TAG = System.getenv().getOrDefault("SAFELINE_IT_DB_TAG", "");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Process> processes = new java.util.LinkedHashMap<>();
    /** Where each instance's log stood when it was last started (logs are appended to). */
    private final Map<String, Long> logStarts = new java.util.HashMap<>();
    private final int portOffset;
    private final String dbSuffix;
    private final String dbHost;
    private final int dbPort;
    private java.util.function.Function<Service, Map<String, String>> environment = s -> Map.of();

    /** The suite on ports 18081-18084 and databases {@code <service>_it} of the server named by SAFELINE_DB_*. */
    Suite() {
        this(0, "_it", System.getenv().getOrDefault("SAFELINE_DB_HOST", "127.0.0.1"),
                Integer.parseInt(System.getenv().getOrDefault("SAFELINE_DB_PORT", "5432")));
    }

    /**
     * A suite of its own: ports {@code 1808x + portOffset}, databases {@code <service><dbSuffix>} on
     * {@code dbHost:dbPort} (created when missing), so that it never shares state with another test class. Keep the
     * ports below Linux's ephemeral range (32768-60999): there an outgoing connection of any process may hold the
     * port when the service starts (KeycloakIT's triage on 48082 found it taken once).
     */
    Suite(int portOffset, String dbSuffix, String dbHost, int dbPort) {
        this.portOffset = portOffset;
        this.dbSuffix = dbSuffix + DB_TAG;
        this.dbHost = dbHost;
        this.dbPort = dbPort;
    }

    /** Extra environment variables for each service's processes (they override the suite's own). */
    Suite environment(java.util.function.Function<Service, Map<String, String>> variables) {
        this.environment = variables;
        return this;
    }

    int port(Service s) {
        return s.port + portOffset;
    }

    String url(Service s) {
        return "http://127.0.0.1:" + port(s);
    }

    String database(Service s) {
        return s.name().toLowerCase() + dbSuffix;
    }

    /** A JDBC connection to a service's database, for checks the APIs cannot make (row counts). */
    java.sql.Connection jdbc(Service s) throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection("jdbc:postgresql://" + dbHost + ":" + dbPort + "/" + database(s),
                System.getenv().getOrDefault("SAFELINE_DB_USER", "postgres"),
                System.getenv().getOrDefault("SAFELINE_DB_PASSWORD", "postgres"));
    }

    /** Drops the suite's databases (none of its services may be running), so that the next start begins empty. */
    void dropDatabases() throws java.sql.SQLException {
        try (java.sql.Connection c = admin(); var drop = c.createStatement()) {
            for (Service s : Service.values()) {
                drop.execute("DROP DATABASE IF EXISTS " + database(s) + " WITH (FORCE)");
            }
        }
    }

    private java.sql.Connection admin() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection("jdbc:postgresql://" + dbHost + ":" + dbPort + "/postgres",
                System.getenv().getOrDefault("SAFELINE_DB_USER", "postgres"),
                System.getenv().getOrDefault("SAFELINE_DB_PASSWORD", "postgres"));
    }

    /** Creates the suite's databases that do not exist yet. */
    void createDatabases() throws java.sql.SQLException {
        try (java.sql.Connection c = admin()) {
            for (Service s : Service.values()) {
                try (var check = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                    check.setString(1, database(s));
                    if (!check.executeQuery().next()) {
                        try (var create = c.createStatement()) {
                            create.execute("CREATE DATABASE " + database(s));
                        }
                    }
                }
            }
        }
    }

    void startAll() throws Exception {
        createDatabases();
        for (Service s : Service.values()) {
            start(s);
        }
        for (Service s : Service.values()) {
            awaitReady(s);
        }
    }

    void start(Service s) throws IOException {
        start(s, s.module(), port(s), Map.of());
    }

    /**
     * Starts an instance {@code name} of {@code s} on {@code port} with extra system properties, on the same
     * database as the suite's own instance of {@code s} (a replica when {@code s} already runs).
     */
    void start(Service s, String name, int port, Map<String, String> properties) throws IOException {
        if (processes.containsKey(name) && processes.get(name).isAlive()) {
            return;
        }
        Path module = ROOT.resolve(s.module());
        Path jar = module.resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Not packaged: " + jar);
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", s.heap(), "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=" + port,
                "-Dsafeline.db.name=" + database(s),
                "-Dsafeline.db.host=" + dbHost,
                "-Dsafeline.db.port=" + dbPort,
                "-Dsafeline.intake.retriage-every=1s",
                "-jar", jar.toString()));
        properties.forEach((key, value) -> command.add(command.size() - 2, "-D" + key + "=" + value));
        ProcessBuilder builder = new ProcessBuilder(command).directory(module.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(name)));
        builder.environment().put("QUARKUS_PROFILE", "dev");
        builder.environment().put("SAFELINE_DEV_KEYS", ROOT.resolve("dev-keys").toString());
        builder.environment().put("SAFELINE_TRIAGE_URL", url(Service.TRIAGE));
        builder.environment().put("SAFELINE_ESCALATION_URL", url(Service.ESCALATION));
        builder.environment().putAll(environment.apply(s));
        logStarts.put(name, Files.exists(logPath(name)) ? Files.size(logPath(name)) : 0L);
        processes.put(name, builder.start());
    }

    static Path logPath(String name) {
        return ROOT.resolve("system-tests/target/service-logs").resolve(name + ".log");
    }

    private static File logFile(String name) throws IOException {
        Files.createDirectories(logPath(name).getParent());
        return logPath(name).toFile();
    }

    void awaitReady(Service s) throws Exception {
        awaitReady(s.module(), port(s));
    }

    void awaitReady(String name, int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            Process p = processes.get(name);
            if (p != null && !p.isAlive()) {
                throw new IllegalStateException(name + " exited; see system-tests/target/service-logs");
            }
            if (!listening(name, port)) {
                Thread.sleep(100);
                continue;
            }
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready in 90 s");
    }

    /**
     * Whether the instance has logged that it listens on {@code port} since it was started. Polling a port that nobody
     * listens on can, in Linux's ephemeral range (32768-60999), connect the client to itself (TCP simultaneous
     * open), and the service then finds its port taken: seen on 38082.
     */
    private boolean listening(String name, int port) throws IOException {
        Path log = logPath(name);
        long from = logStarts.getOrDefault(name, 0L);
        if (!Files.exists(log) || Files.size(log) <= from) {
            return false;
        }
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            file.seek(from);
            byte[] tail = new byte[(int) Math.min(file.length() - from, 4 << 20)];
            file.readFully(tail);
            return new String(tail, java.nio.charset.StandardCharsets.UTF_8).lines()
                    .anyMatch(line -> line.contains("Listening on: ") && line.matches(".*:" + port + "\\b.*"));
        }
    }

    boolean alive(String name) {
        Process p = processes.get(name);
        return p != null && p.isAlive();
    }

    /** Stops a service the hard way, as a crash would. */
    void kill(Service s) throws InterruptedException {
        kill(s.module());
    }

    /** Stops instance {@code name} with SIGKILL, as a crash would. */
    void kill(String name) throws InterruptedException {
        Process p = processes.remove(name);
        if (p != null) {
            p.destroyForcibly().waitFor();
        }
    }

    void stopAll() throws InterruptedException {
        for (Process p : processes.values()) {
            p.destroy();
        }
        for (Process p : processes.values()) {
            p.waitFor();
        }
        processes.clear();
    }
}
