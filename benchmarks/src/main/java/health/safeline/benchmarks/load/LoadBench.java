package health.safeline.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.safeline.api.TriageLevel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * {@code ./suite bench [--quick]}: starts the four packaged services and the baseline app, drives an open-model load
 * (constant arrival rate, each call sent at its intended time whatever the previous ones are doing; latencies from
 * the intended time, so a stalled system is not hidden by a stalled load generator) in steps of increasing rate
 * until the knee, and writes {@code benchmarks/results/<UTC time>[-quick]/results.md} and {@code latency.svg}.
 */
public final class LoadBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final int AGENTS = 20;
    /** Extra practitioners on call around the clock in scheduling's bench database (see BENCHMARKS.md). */
    static final int BENCH_CLINIC = Integer.getInteger("bench.extra-practitioners", 0);

    final boolean quick;
    final Path root;
    final Services services;
    final Calls calls;
    final Tokens tokens;
    final List<String> agentTokens = new ArrayList<>();
    final String clinicianToken;
    final ExecutorService executor = Executors.newFixedThreadPool(4, daemon("bench-http"));
    final HttpClient http;
    final HttpClient sseHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newSingleThreadExecutor(daemon("bench-sse-http"))).build();
    final SplittableRandom random = new SplittableRandom(20261130L);
    /** Red flag → SSE pairing: encounter id → the call (sent, answer not yet seen) or the event's arrival time. */
    final ConcurrentHashMap<String, Object> pairs = new ConcurrentHashMap<>();
    volatile Step current;
    volatile boolean streaming = true;
    final CountDownLatch streamConnected = new CountDownLatch(1);
    final Map<String, Long> eventsByType = new ConcurrentHashMap<>();

    record Pending(Step step, long intended) {
    }

    LoadBench(boolean quick, Path root) throws Exception {
        this.quick = quick;
        this.root = root;
        this.services = new Services(root, root.resolve("benchmarks/target/bench-logs"));
        this.calls = new Calls(120, 42);
        this.tokens = new Tokens(root.resolve("dev-keys"));
        for (int i = 1; i <= AGENTS; i++) {
            agentTokens.add(tokens.token("bench-agent-" + i, "agent", 180));
        }
        clinicianToken = tokens.token("bench-clinician", "clinician", 180);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(executor).build();
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        Path root = Path.of(System.getProperty("safeline.root", ".")).toAbsolutePath().normalize();
        LoadBench bench = new LoadBench(quick, root);
        Thread hook = new Thread(bench::stopEverything, "bench-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            bench.run();
        } finally {
            bench.stopEverything();
        }
        System.exit(0);
    }

    private volatile boolean stopped;

    synchronized void stopEverything() {
        if (stopped) {
            return;
        }
        stopped = true;
        streaming = false;
        services.close();
        try {
            services.resetDatabases(false);
        } catch (Exception e) {
            System.err.println("bench: could not drop the *_bench databases: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------------ the run

    void run() throws Exception {
        Report report = new Report(quick, root);
        report.loadBefore = loadAverage();
        report.speedBefore = calls.speedProbe();
        log("Calls: " + calls.summary());
        log("Databases *_bench on " + services.dbHost + ":" + services.dbPort + " (dropped and created)");
        services.resetDatabases(true);
        for (String name : List.of(Services.TRIAGE, Services.ESCALATION, Services.SCHEDULING, Services.INTAKE,
                Services.BASELINE)) {
            Services.Launched l = services.start(name);
            report.readyMillis.put(name, l.readyMillis());
            log(String.format("%-10s pid %d ready in %d ms on %s", name, l.pid(), l.readyMillis(), Services.url(name)));
            // each starts alone, as in its own pod: not while another builds its FHIR validator in the background
            long validators = System.nanoTime();
            services.awaitValidatorWarmUps(Duration.ofSeconds(180));
            long warmUp = (System.nanoTime() - validators) / 1_000_000;
            if (warmUp > 300) {
                report.validatorWarmUpMillis.put(name, warmUp);
                log(String.format("%-10s FHIR validator built %d ms after ready", name, warmUp));
            }
        }
        seedBenchClinic();
        Thread stream = new Thread(this::listen, "bench-sse");
        stream.setDaemon(true);
        stream.start();
        if (!streamConnected.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The clinician's SSE stream did not connect");
        }

        // Safeline: warm-up (JIT, connection pools, the FHIR validators built in the background), then 10, 25, (40,)
        // and 50 calls/s whatever happens (the targets are at 50/s), then on until the knee
        runStep(new Step("safeline", 10, Integer.getInteger("bench.warmup-seconds", quick ? 20 : 60), false),
                this::safelineCall);
        Thread.sleep(2000);
        for (double rate : safelineRates()) {
            Step step = new Step("safeline", rate, stepSeconds(rate), true);
            report.safeline.add(step);
            runStep(step, this::safelineCall);
            log(report.line(step));
            if (step.saturated() && rate >= 50) {
                log("knee reached (" + step.why() + ")");
                break;
            }
        }
        Thread.sleep(1000);
        for (String name : Services.SAFELINE) {
            report.rssMb.put(name, Services.rssMb(services.running.get(name).pid()));
        }
        report.eventsByType.putAll(eventsByType);
        report.unmatchedEvents = pairs.values().stream().filter(v -> v instanceof Long).count();

        // Baseline: same machine, same run, same token verification, one INSERT
        if (!Boolean.parseBoolean(System.getProperty("bench.baseline", "true"))) {
            stopEverything();
            report.speedAfter = calls.speedProbe();
            System.out.println(report.markdown());
            return;
        }
        runStep(new Step("baseline", 200, quick ? 5 : 20, false), this::baselineCall);
        Thread.sleep(1000);
        for (double rate : baselineRates()) {
            Step step = new Step("baseline", rate, quick ? 8 : 30, true);
            report.baseline.add(step);
            runStep(step, this::baselineCall);
            log(report.line(step));
            if (step.saturated()) {
                log("baseline knee reached (" + step.why() + ")");
                break;
            }
        }
        Thread.sleep(1000);
        report.rssMb.put(Services.BASELINE, Services.rssMb(services.running.get(Services.BASELINE).pid()));
        report.loadAfter = loadAverage();
        streaming = false;
        stopEverything();
        report.speedAfter = calls.speedProbe();
        Path dir = report.write();
        System.out.println();
        System.out.println(report.markdown());
        log("Results: " + root.relativize(dir.resolve("results.md")) + " and latency.svg");
    }

    List<Double> safelineRates() {
        String rates = System.getProperty("bench.rates");
        if (rates != null) {
            return java.util.Arrays.stream(rates.split(",")).map(Double::valueOf).toList();
        }
        // full: 40/s too, the knee lies between 25 and 50 calls/s on the 2-core machine
        return quick ? List.of(10.0, 25.0, 50.0, 75.0, 100.0, 150.0)
                : List.of(10.0, 25.0, 40.0, 50.0, 75.0, 100.0, 150.0, 200.0, 300.0, 400.0);
    }

    int stepSeconds(double rate) {
        if (Integer.getInteger("bench.step-seconds") != null) {
            return Integer.getInteger("bench.step-seconds");
        }
        if (quick) {
            return 15;
        }
        return rate == 50.0 ? 120 : 60;
    }

    List<Double> baselineRates() {
        return quick ? List.of(100.0, 200.0, 400.0, 800.0, 1600.0, 3200.0)
                : List.of(100.0, 200.0, 400.0, 600.0, 800.0, 1200.0, 1600.0, 2400.0, 3200.0, 4800.0);
    }

    /** Open model: arrival i is sent at start + i / rate, whatever happened to the previous ones. */
    final List<Step> allSteps = new ArrayList<>();

    void runStep(Step step, java.util.function.BiConsumer<Step, Long> fire) throws InterruptedException {
        int backlog = allSteps.stream().mapToInt(s -> s.inFlight.get()).sum();
        if (backlog > 0) {
            step.outcomes.computeIfAbsent("calls of earlier steps still in flight at the start",
                    k -> new java.util.concurrent.atomic.LongAdder()).add(backlog);
        }
        allSteps.add(step);
        current = step;
        List<String> pids = step.system.equals("baseline") ? List.of(Services.BASELINE) : Services.SAFELINE;
        Map<String, Long> cpu0 = cpuByService(pids);
        Map<String, Long> commits0 = commitsByService(pids);
        long gen0 = generatorCpuNanos();
        long machine0 = Services.machineCpuMillis();
        long wall0 = System.nanoTime();
        long period = (long) (1e9 / step.rate);
        long n = Math.round(step.rate * step.seconds);
        long start = System.nanoTime() + 20_000_000;
        step.startNanos = start;
        for (long i = 0; i < n; i++) {
            long intended = start + i * period;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            step.sent.increment();
            step.inFlight.incrementAndGet();
            fire.accept(step, intended);
        }
        step.endNanos = start + n * period;
        long drainUntil = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while ((step.inFlight.get() > 0 || step.ssePending.get() > 0) && System.nanoTime() < drainUntil) {
            Thread.sleep(50);
        }
        if (step.inFlight.get() > 0) {
            step.count("not finished 15 s after the step");
        }
        if (step.ssePending.get() > 0) {
            step.outcomes.computeIfAbsent("red flag: no SSE event within 15 s of the step's end",
                    k -> new java.util.concurrent.atomic.LongAdder()).add(step.ssePending.get());
        }
        Thread.sleep(1000); // pg_stat_database is updated up to 500 ms late
        cpuByService(pids).forEach((name, ms) -> step.cpuByService.put(name, delta(cpu0.get(name), ms)));
        commitsByService(pids).forEach((name, c) -> step.commitsByService.put(name, delta(commits0.get(name), c)));
        step.cpuMillis = total(step.cpuByService);
        step.commits = total(step.commitsByService);
        step.generatorCpuMillis = (generatorCpuNanos() - gen0) / 1_000_000;
        step.loadAverage = loadAverage().split(" ")[0];
        long machine = Services.machineCpuMillis() - machine0;
        double wallMillis = (System.nanoTime() - wall0) / 1e6;
        long others = machine - step.cpuMillis - step.generatorCpuMillis;
        step.othersCpuPercent = machine0 < 0 ? -1 : 100.0 * others / (wallMillis * Runtime.getRuntime().availableProcessors());
    }

    /** {@code after - before}, or -1 ("–" in the report) when either reading failed (-1). */
    static long delta(long before, long after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }

    /** The sum, or -1 when any part is unknown. */
    static long total(Map<String, Long> parts) {
        return parts.values().stream().anyMatch(v -> v < 0) ? -1
                : parts.values().stream().mapToLong(Long::longValue).sum();
    }

    Map<String, Long> cpuByService(List<String> names) {
        Map<String, Long> cpu = new LinkedHashMap<>();
        for (String name : names) {
            cpu.put(name, Services.cpuMillis(services.running.get(name).pid()));
        }
        return cpu;
    }

    Map<String, Long> commitsByService(List<String> names) {
        Map<String, Long> commits = new LinkedHashMap<>();
        for (String name : names) {
            commits.put(name, services.commits(Services.database(name)));
        }
        return commits;
    }

    static long generatorCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    // ------------------------------------------------------------------------------------------------ calls

    String agentToken() {
        return agentTokens.get(ThreadLocalRandom.current().nextInt(agentTokens.size()));
    }

    String callBody(Calls.Call call) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode patient = body.putObject("patient");
        patient.put("identifier", "MRN-B" + UUID.randomUUID().toString().substring(0, 18));
        patient.put("name", "Bench Patient");
        patient.put("birthDate", LocalDate.now(ZoneOffset.UTC).minusYears(call.age())
                .minusDays(ThreadLocalRandom.current().nextInt(1, 360)).toString());
        patient.put("sex", call.sex());
        body.put("reason", call.reason());
        body.put("narrative", call.narrative());
        return body.toString();
    }

    HttpRequest.Builder request(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token);
    }

    HttpRequest post(String url, String token, String json) {
        return request(url, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    static long micros(long nanos) {
        return Math.max(1, nanos / 1000);
    }

    /** One agent call: intake, then a booking attempt (cleared) or the booking that must be refused (not cleared). */
    void safelineCall(Step step, long intended) {
        Calls.Call call;
        synchronized (random) {
            call = calls.next(random);
        }
        String token = agentToken();
        http.sendAsync(post(Services.url(Services.INTAKE) + "/api/v1/intakes", token, callBody(call)),
                        HttpResponse.BodyHandlers.ofString())
                .whenComplete((r, failure) -> {
                    long now = System.nanoTime();
                    step.intake.recordValue(micros(now - intended));
                    if (failure != null) {
                        step.errors.increment();
                        step.count("intake: " + rootCause(failure).getClass().getSimpleName());
                        step.inFlight.decrementAndGet();
                        return;
                    }
                    if (r.statusCode() != 201) {
                        step.errors.increment();
                        step.count("intake: HTTP " + r.statusCode());
                        step.inFlight.decrementAndGet();
                        return;
                    }
                    try {
                        JsonNode answer = JSON.readTree(r.body());
                        String encounterId = answer.path("encounterId").asText();
                        JsonNode triage = answer.path("triage");
                        String level = triage.path("level").asText("none");
                        if (!"triaged".equals(answer.path("status").asText())) {
                            step.errors.increment();
                            step.count("intake: 201 " + answer.path("status").asText() + " (triage did not answer)");
                        } else {
                            step.ok.increment();
                            step.answered(now);
                            step.count("level: " + level + (level.equals(call.intended().code()) ? ""
                                    : " (written as " + call.intended().code() + ")"));
                        }
                        if (!triage.path("escalationId").isMissingNode() && !triage.path("escalationId").isNull()) {
                            expectEvent(encounterId, step, intended);
                        }
                        JsonNode clearance = triage.path("clearance");
                        if (clearance.isObject() && "active".equals(clearance.path("status").asText())) {
                            book(step, token, encounterId, clearance);
                        } else {
                            boolean triaged = "triaged".equals(answer.path("status").asText());
                            boolean redFlag = triaged ? level.equals("emergency") || level.equals("urgent")
                                    : call.intended() == TriageLevel.EMERGENCY || call.intended() == TriageLevel.URGENT;
                            refuse(step, token, encounterId, triaged, redFlag);
                        }
                    } catch (IOException | RuntimeException e) {
                        step.errors.increment();
                        step.count("intake: unreadable answer " + e.getClass().getSimpleName());
                        step.inFlight.decrementAndGet();
                    }
                });
    }

    void book(Step step, String token, String encounterId, JsonNode clearance) {
        long begin = System.nanoTime();
        Instant windowStart = Instant.parse(clearance.path("windowStart").asText());
        Instant from = windowStart.isBefore(Instant.now()) ? Instant.now() : windowStart;
        String query = "from=" + enc(from.truncatedTo(ChronoUnit.SECONDS).toString()) + "&to="
                + enc(clearance.path("windowEnd").asText()) + "&limit=20";
        http.sendAsync(request(Services.url(Services.SCHEDULING) + "/api/v1/slots?" + query, token).GET().build(),
                        HttpResponse.BodyHandlers.ofString())
                .thenCompose(slots -> {
                    if (slots.statusCode() != 200) {
                        step.count("booking: slots HTTP " + slots.statusCode());
                        return java.util.concurrent.CompletableFuture.completedFuture(null);
                    }
                    JsonNode list;
                    try {
                        list = JSON.readTree(slots.body());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    if (list.size() == 0) {
                        step.count("booking: no free slot in the clearance window");
                        return java.util.concurrent.CompletableFuture.completedFuture(null);
                    }
                    JsonNode slot = list.get(ThreadLocalRandom.current().nextInt(list.size()));
                    ObjectNode body = JSON.createObjectNode().put("encounterId", encounterId)
                            .put("start", slot.path("start").asText()).put("practitioner", slot.path("practitioner").asText());
                    return http.sendAsync(post(Services.url(Services.SCHEDULING) + "/api/v1/appointments", token,
                            body.toString()), HttpResponse.BodyHandlers.ofString());
                })
                .whenComplete((r, failure) -> {
                    step.booking.recordValue(micros(System.nanoTime() - begin));
                    if (failure != null) {
                        step.count("booking: " + rootCause(failure).getClass().getSimpleName());
                    } else if (r != null) {
                        step.count(r.statusCode() == 201 ? "booking: 201 booked"
                                : "booking: " + r.statusCode() + " " + problemCode(r.body()));
                    }
                    step.inFlight.decrementAndGet();
                });
    }

    /**
     * A call without a clearance in its answer: the agent tries to book anyway, and scheduling must refuse a red-flag
     * call (fail closed). An untriaged answer (intake stopped waiting for triage) of a call written as routine or
     * same-day may be booked legitimately once triage has answered after all.
     */
    void refuse(Step step, String token, String encounterId, boolean triaged, boolean redFlag) {
        String what = triaged ? "uncleared booking: " : "booking after an untriaged answer: ";
        long begin = System.nanoTime();
        Instant slot = Instant.now().truncatedTo(ChronoUnit.HOURS)
                .plus(20L * ThreadLocalRandom.current().nextInt(3, 300), ChronoUnit.MINUTES);
        ObjectNode body = JSON.createObjectNode().put("encounterId", encounterId).put("start", slot.toString());
        http.sendAsync(post(Services.url(Services.SCHEDULING) + "/api/v1/appointments", token, body.toString()),
                        HttpResponse.BodyHandlers.ofString())
                .whenComplete((r, failure) -> {
                    step.refused.recordValue(micros(System.nanoTime() - begin));
                    if (failure != null) {
                        step.count(what + rootCause(failure).getClass().getSimpleName());
                    } else if (r.statusCode() == 201) {
                        step.count(what + (redFlag ? "201 BOOKED A RED-FLAG CALL (safety failure)"
                                : "201 booked (triage cleared the call after intake's answer)"));
                    } else {
                        step.count(what + r.statusCode() + " " + problemCode(r.body()));
                    }
                    step.inFlight.decrementAndGet();
                });
    }

    void baselineCall(Step step, long intended) {
        Calls.Call call;
        synchronized (random) {
            call = calls.next(random);
        }
        http.sendAsync(post(Services.url(Services.BASELINE) + "/api/v1/calls", agentToken(), callBody(call)),
                        HttpResponse.BodyHandlers.ofString())
                .whenComplete((r, failure) -> {
                    long now = System.nanoTime();
                    step.intake.recordValue(micros(now - intended));
                    if (failure != null) {
                        step.errors.increment();
                        step.count("baseline: " + rootCause(failure).getClass().getSimpleName());
                    } else if (r.statusCode() != 201) {
                        step.errors.increment();
                        step.count("baseline: HTTP " + r.statusCode());
                    } else {
                        step.ok.increment();
                        step.answered(now);
                        step.count("baseline: 201");
                    }
                    step.inFlight.decrementAndGet();
                });
    }

    static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String problemCode(String body) {
        try {
            JsonNode issue = JSON.readTree(body).path("issue").path(0);
            String code = issue.path("details").path("coding").path(0).path("code").asText("");
            return code.isEmpty() ? issue.path("code").asText("") : code;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    // ------------------------------------------------------------------------------------------------ clinician

    void expectEvent(String encounterId, Step step, long intended) {
        Pending p = new Pending(step, intended);
        Object prior = pairs.putIfAbsent(encounterId, p);
        if (prior instanceof Long arrival) {
            pairs.remove(encounterId);
            step.sse.recordValue(micros(arrival - intended));
        } else {
            step.ssePending.incrementAndGet();
        }
    }

    void eventArrived(String encounterId, long arrival) {
        Object prior = pairs.putIfAbsent(encounterId, arrival);
        if (prior instanceof Pending p) {
            pairs.remove(encounterId);
            p.step().sse.recordValue(micros(arrival - p.intended()));
            p.step().ssePending.decrementAndGet();
        }
    }

    /** The clinician's console: the worklist's SSE stream; each new escalation is acknowledged at once. */
    void listen() {
        while (streaming) {
            try {
                HttpRequest req = HttpRequest.newBuilder(URI.create(Services.url(Services.ESCALATION)
                                + "/api/v1/escalations/stream")).header("Authorization", "Bearer " + clinicianToken)
                        .header("Accept", "text/event-stream").build();
                HttpResponse<Stream<String>> r = sseHttp.send(req, HttpResponse.BodyHandlers.ofLines());
                if (r.statusCode() != 200) {
                    throw new IOException("stream: HTTP " + r.statusCode());
                }
                streamConnected.countDown();
                String event = null;
                long arrival = 0;
                StringBuilder data = new StringBuilder();
                var lines = r.body().iterator();
                while (streaming && lines.hasNext()) {
                    String line = lines.next();
                    if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                        arrival = System.nanoTime();
                    } else if (line.startsWith("data:")) {
                        if (arrival == 0) {
                            arrival = System.nanoTime();
                        }
                        data.append(line.substring(5).trim());
                    } else if (line.isEmpty()) {
                        if (data.length() > 0) {
                            onEvent(event, data.toString(), arrival);
                        }
                        event = null;
                        arrival = 0;
                        data.setLength(0);
                    }
                }
            } catch (Exception e) {
                if (streaming) {
                    log("SSE stream: " + e + "; reconnecting");
                    Step s = current;
                    if (s != null) {
                        s.count("clinician: SSE stream reconnect");
                    }
                    LockSupport.parkNanos(500_000_000L);
                }
            }
        }
    }

    void onEvent(String type, String data, long arrival) {
        eventsByType.merge(type == null ? "message" : type, 1L, Long::sum);
        if (!"triggered".equals(type)) {
            return;
        }
        try {
            JsonNode record = JSON.readTree(data);
            eventArrived(record.path("encounterId").asText(), arrival);
            Step step = current;
            long begin = System.nanoTime();
            http.sendAsync(request(Services.url(Services.ESCALATION) + "/api/v1/escalations/"
                            + record.path("id").asText() + "/ack", clinicianToken)
                            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, failure) -> {
                        step.ack.recordValue(micros(System.nanoTime() - begin));
                        step.count("clinician ack: " + (failure != null ? rootCause(failure).getClass().getSimpleName()
                                : "HTTP " + r.statusCode()));
                    });
        } catch (IOException e) {
            log("unreadable SSE event: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------------ setup

    /**
     * Scheduling's dev seed has about 100 slots a day; at 50 calls/s, a third of them same-day, those are gone in
     * seconds (counted as "no free slot"). {@code -Dbench.extra-practitioners=N} adds N practitioners on call around
     * the clock (20-minute slots) in the bench database. Default 0: the load runs against the dev calendar, which
     * is booked out for weeks within minutes, so each slot search reads and expands several spans of full days.
     */
    void seedBenchClinic() throws Exception {
        try (var c = services.jdbc(Services.database(Services.SCHEDULING));
                var p = c.prepareStatement("INSERT INTO practitioner (id, name) VALUES (?, ?) ON CONFLICT DO NOTHING");
                var s = c.prepareStatement("INSERT INTO schedule (id, practitioner_id, days_of_week, start_minute, "
                        + "end_minute, slot_minutes) VALUES (?, ?, '1,2,3,4,5,6,7', 0, 1440, 20) ON CONFLICT DO NOTHING")) {
            for (int i = 1; i <= BENCH_CLINIC; i++) {
                String id = "bench-clinician-" + i;
                p.setString(1, id);
                p.setString(2, "Bench Clinician " + i);
                p.executeUpdate();
                s.setObject(1, UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)));
                s.setString(2, id);
                s.executeUpdate();
            }
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    static void log(String line) {
        System.err.println("[bench " + DateTimeFormatter.ISO_LOCAL_TIME.format(
                java.time.LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)) + "] " + line);
    }

    static Map<String, String> ordered(Map<String, String> m) {
        return new LinkedHashMap<>(m);
    }

    static TriageLevel[] levels() {
        return TriageLevel.values();
    }
}
