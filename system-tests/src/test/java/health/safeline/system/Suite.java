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
import java.util.EnumMap;
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
            this.port = port;
        }

        String module() {
            return name().toLowerCase() + "-service";
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }
    }

    private static final Path ROOT = Path.of(System.getProperty("safeline.root", "..")).toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<Service, Process> processes = new EnumMap<>(Service.class);

    void startAll() throws Exception {
        for (Service s : Service.values()) {
            start(s);
        }
        for (Service s : Service.values()) {
            awaitReady(s);
        }
    }

    void start(Service s) throws IOException {
        if (processes.containsKey(s) && processes.get(s).isAlive()) {
            return;
        }
        Path module = ROOT.resolve(s.module());
        Path jar = module.resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Not packaged: " + jar);
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx192m", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=" + s.port,
                "-Dsafeline.db.name=" + s.name().toLowerCase() + "_it",
                "-Dsafeline.intake.retriage-every=1s",
                "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(module.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(s)));
        builder.environment().put("QUARKUS_PROFILE", "dev");
        builder.environment().put("SAFELINE_DEV_KEYS", ROOT.resolve("dev-keys").toString());
        builder.environment().put("SAFELINE_TRIAGE_URL", Service.TRIAGE.url());
        builder.environment().put("SAFELINE_ESCALATION_URL", Service.ESCALATION.url());
        processes.put(s, builder.start());
    }

    private static File logFile(Service s) throws IOException {
        Path dir = ROOT.resolve("system-tests/target/service-logs");
        Files.createDirectories(dir);
        return dir.resolve(s.module() + ".log").toFile();
    }

    void awaitReady(Service s) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            Process p = processes.get(s);
            if (p != null && !p.isAlive()) {
                throw new IllegalStateException(s.module() + " exited; see system-tests/target/service-logs");
            }
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(s.url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(s.module() + " not ready in 90 s");
    }

    /** Stops a service the hard way, as a crash would. */
    void kill(Service s) throws InterruptedException {
        Process p = processes.remove(s);
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
