package health.safeline.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.shared.testing.SlowRequests;
import health.safeline.shared.testing.TestTokens;
import health.safeline.system.Suite.Service;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP-level hardening of a packaged service, over raw sockets (an HTTP client would not send a forged Host or trickle
 * a body): a body sent a byte at a time is cut off, a client's Host header is never written back in Location headers
 * or searchset links, and a token with a malformed {@code groups} claim is one log line, not a stack trace.
 */
class HttpHardeningIT {

    static final Duration BODY_TIMEOUT = Duration.ofSeconds(2);
    static final Suite SUITE = new Suite(6000, "_http",
            System.getenv().getOrDefault("SAFELINE_DB_HOST", "127.0.0.1"),
            Integer.parseInt(System.getenv().getOrDefault("SAFELINE_DB_PORT", "5432")));
    static final String FORGED = "evil.example.org";
    static long logStart;

    @BeforeAll
    static void start() throws Exception {
        SUITE.createDatabases();
        Path log = Suite.logPath(Service.INTAKE.module());
        logStart = Files.exists(log) ? Files.size(log) : 0L;
        for (Service s : List.of(Service.TRIAGE, Service.INTAKE)) {
            SUITE.start(s, s.module(), SUITE.port(s), s != Service.INTAKE ? Map.of()
                    : Map.of("safeline.http.body-timeout", BODY_TIMEOUT.toSeconds() + "s"));
        }
        SUITE.awaitReady(Service.TRIAGE);
        SUITE.awaitReady(Service.INTAKE);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        SUITE.stopAll();
    }

    @Test
    void aBodyTrickledAByteAtATimeGetsA408AndItsConnectionIsClosedWithinTwiceTheTimeout() throws Exception {
        SlowRequests.Answer answer = SlowRequests.trickleBody("127.0.0.1", SUITE.port(Service.INTAKE),
                "POST /api/v1/intakes HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + TestTokens.bearer("agent")
                        + "\r\nContent-Type: application/json\r\nContent-Length: 2000\r\n\r\n{", Duration.ofMillis(250));
        assertTrue(answer.text().startsWith("HTTP/1.1 408"), answer.text());
        assertTrue(answer.text().contains("\"OperationOutcome\""), answer.text());
        assertTrue(answer.took().compareTo(BODY_TIMEOUT.multipliedBy(2)) <= 0, "closed after " + answer.took());
    }

    @Test
    void aForgedHostIsNeitherInLocationHeadersNorInSearchsetLinks() throws Exception {
        String base = "http://localhost:" + SUITE.port(Service.INTAKE);
        String mrn = "MRN-HOST-" + UUID.randomUUID();
        String call = """
                {"patient": {"identifier": "%s", "birthDate": "1950-02-03", "sex": "male"},
                 "reason": "prescription refill", "narrative": "Needs a refill of his statin, feels fine."}"""
                .formatted(mrn);
        for (String target : List.of("/api/v1/intakes", "http://" + FORGED + "/api/v1/intakes")) {
            String created = raw("POST " + target + " HTTP/1.1\r\nHost: " + FORGED + "\r\nAuthorization: "
                    + TestTokens.bearer("agent") + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + call.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + call);
            assertTrue(created.startsWith("HTTP/1.1 201"), created);
            Matcher location = Pattern.compile("(?im)^location: *(\\S+)").matcher(created);
            assertTrue(location.find(), created);
            assertTrue(location.group(1).startsWith(base + "/api/v1/intakes/"), location.group(1));
        }
        for (String target : List.of("/fhir/Patient?identifier=" + mrn, "http://" + FORGED + "/fhir/Patient?identifier="
                + mrn + "&_count=1")) {
            String bundle = raw("GET " + target + " HTTP/1.1\r\nHost: " + FORGED + "\r\nAuthorization: "
                    + TestTokens.bearer("ehr") + "\r\nConnection: close\r\n\r\n");
            assertTrue(bundle.startsWith("HTTP/1.1 200"), bundle);
            assertFalse(bundle.contains(FORGED), bundle);
            assertTrue(bundle.contains("\"url\":\"" + base + "/fhir/Patient?identifier="), bundle);
            assertTrue(bundle.contains("\"fullUrl\":\"" + base + "/fhir/Patient/"), bundle);
        }
    }

    @Test
    void aTokenWithMalformedGroupsIsRefusedWithOneLogLineAndNoStackTrace() throws Exception {
        List<Object> malformed = List.of(5, Map.of("role", "agent"));
        for (Object groups : malformed) {
            String answer = raw("GET /api/v1/intakes/" + UUID.randomUUID() + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + TestTokens.withGroups(groups) + "\r\nConnection: close\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
            assertTrue(answer.contains("\"OperationOutcome\""), answer);
        }
        Thread.sleep(500);
        String log = NoPhiInLogsIT.readFrom(Suite.logPath(Service.INTAKE.module()), logStart);
        long lines = log.lines().filter(l -> l.contains("groups claim is not a list of role names")).count();
        assertEquals(malformed.size(), lines, log);
        assertFalse(log.contains("SRJWT08001"), log);
        assertFalse(log.lines().anyMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by")), log);
    }

    /** Sends {@code request} as is and answers everything the server sends until it closes. */
    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", SUITE.port(Service.INTAKE))) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            try (InputStream in = socket.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
