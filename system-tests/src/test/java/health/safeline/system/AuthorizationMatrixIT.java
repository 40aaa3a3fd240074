package health.safeline.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static health.safeline.system.AuthorizationMatrix.MATRIX;
import static health.safeline.system.AuthorizationMatrix.ROLES;
import static health.safeline.system.AuthorizationMatrix.rows;
import static health.safeline.system.AuthorizationMatrix.service;

import health.safeline.shared.testing.TestTokens;
import health.safeline.system.AuthorizationMatrix.Row;
import health.safeline.system.Suite.Service;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The authorization matrix of {@code docs/authorization.md}, checked against the four packaged services: the
 * table is parsed by {@link AuthorizationMatrix}, so the document and the test cannot drift apart. Real signed
 * tokens, real HTTP.
 */
class AuthorizationMatrixIT {

    static final Suite SUITE = new Suite();

    private static final Path ROOT = Suite.ROOT;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    /** One signed token per role for the whole run (they last 10 minutes): signing each request is slow. */
    private static final Map<String, String> BEARERS = new ConcurrentHashMap<>();

    /** One protected endpoint per service that a {@code supervisor} may call, for the bad-token checks. */
    private static final Map<Service, String> PROTECTED = Map.of(
            Service.INTAKE, "/api/v1/intakes/{id}",
            Service.TRIAGE, "/api/v1/protocol",
            Service.SCHEDULING, "/api/v1/slots",
            Service.ESCALATION, "/api/v1/escalations");

    @BeforeAll
    static void start() throws Exception {
        SUITE.startAll();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        SUITE.stopAll();
    }

    static Stream<Arguments> matrix() throws IOException {
        return rows().stream().flatMap(row -> ROLES.stream().map(role -> Arguments.of(
                row.service().module(), row.method(), row.path(), role, row.allowed().get(role) ? "allow" : "deny")));
    }

    @ParameterizedTest(name = "{0} {1} {2} as {3}: {4}")
    @MethodSource("matrix")
    void roleIsAllowedOrDeniedAsTheMatrixSays(String module, String method, String path, String role,
            String expected) throws Exception {
        Service service = service(module);
        Answer answer = send(service, method, path,
                "none".equals(role) ? null : BEARERS.computeIfAbsent(role, TestTokens::bearer));
        String where = module + " " + method + " " + path + " as " + role + ": " + answer.status() + " " + answer.body();
        if ("allow".equals(expected)) {
            assertNotEquals(401, answer.status(), where);
            assertNotEquals(403, answer.status(), where);
            return;
        }
        assertEquals("none".equals(role) ? 401 : 403, answer.status(), where);
        if (!path.startsWith("/q/")) {
            assertEquals("OperationOutcome", JsonPath.from(answer.body()).getString("resourceType"), where);
        }
    }

    static Stream<Arguments> badTokens() {
        List<String> kinds = List.of("valid (control)", "expired", "wrong issuer", "forged signature",
                "wrong audience", "not yet valid", "alg none");
        return Arrays.stream(Service.values()).flatMap(s -> kinds.stream().map(k -> Arguments.of(s.module(), k)));
    }

    /** Every service refuses a token that is not one its issuer signed for it, now, with 401. */
    @ParameterizedTest(name = "{0} with a {1} token")
    @MethodSource("badTokens")
    void everyServiceRefusesABadToken(String module, String kind) throws Exception {
        Service service = service(module);
        String role = "supervisor";
        String token = switch (kind) {
            case "valid (control)" -> TestTokens.token(role);
            case "expired" -> TestTokens.expired(role);
            case "wrong issuer" -> TestTokens.wrongIssuer(role);
            case "forged signature" -> TestTokens.forged(role);
            case "wrong audience" -> claims(role).audience("another-api").sign(devKey());
            case "not yet valid" -> claims(role).claim("nbf", Instant.now().plusSeconds(3600).getEpochSecond())
                    .sign(devKey());
            case "alg none" -> unsigned(role);
            default -> throw new IllegalArgumentException(kind);
        };
        String path = PROTECTED.get(service);
        Answer answer = send(service, "GET", path, "Bearer " + token);
        String where = module + " GET " + path + " with a " + kind + " token: " + answer.status() + " " + answer.body();
        if (kind.startsWith("valid")) {
            assertNotEquals(401, answer.status(), where);
            assertNotEquals(403, answer.status(), where);
            return;
        }
        assertEquals(401, answer.status(), where);
        assertEquals("OperationOutcome", JsonPath.from(answer.body()).getString("resourceType"), where);
    }

    /**
     * The table is complete: every operation in each service's OpenAPI document has a row, and every row
     * outside {@code /q/} is an operation the service has (a mistyped public row would otherwise pass).
     */
    @Test
    void everyEndpointHasARowAndEveryRowAnEndpoint() throws Exception {
        List<Row> rows = rows();
        List<String> problems = new ArrayList<>();
        for (Service service : Service.values()) {
            Answer answer = send(service, "GET", "/q/openapi?format=json", null);
            assertEquals(200, answer.status(), service.module() + " /q/openapi");
            Map<String, Map<String, Object>> paths = JsonPath.from(answer.body()).getMap("paths");
            Set<String> operations = new HashSet<>();
            paths.forEach((path, ops) -> ops.keySet().forEach(m -> operations.add(m.toUpperCase() + " " + path)));
            List<Row> mine = rows.stream().filter(r -> r.service() == service).toList();
            for (String operation : operations) {
                String[] mp = operation.split(" ", 2);
                if (mine.stream().noneMatch(r -> r.method().equals(mp[0]) && matches(mp[1], r.path()))) {
                    problems.add(service.module() + " " + operation + " has no row in " + MATRIX);
                }
            }
            for (Row row : mine) {
                if (!row.path().startsWith("/q/") && operations.stream().noneMatch(o -> {
                    String[] mp = o.split(" ", 2);
                    return mp[0].equals(row.method()) && matches(mp[1], row.path());
                })) {
                    problems.add(service.module() + " " + row.method() + " " + row.path() + " is not in its OpenAPI");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** An OpenAPI path template matches a row's path segment by segment; {@code {x}} matches any segment. */
    private static boolean matches(String template, String rowPath) {
        String[] t = template.split("/", -1);
        String[] p = rowPath.split("/", -1);
        if (t.length != p.length) {
            return false;
        }
        for (int i = 0; i < t.length; i++) {
            boolean parameter = t[i].startsWith("{") && t[i].endsWith("}");
            if (!parameter && !t[i].equals(p[i])) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ HTTP

    record Answer(int status, String body) {
    }

    /**
     * One request; {@code {…}} placeholders become fresh UUIDs, POST and PUT carry {@code {}}. An event stream is
     * closed once its status is known.
     */
    private static Answer send(Service service, String method, String pathTemplate, String authorization)
            throws IOException, InterruptedException {
        String path = pathTemplate.replaceAll("\\{[^}/]+}", UUID.randomUUID().toString());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.url() + path))
                .timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (method.equals("POST") || method.equals("PUT")) {
            request.header("Content-Type", path.startsWith("/fhir/") ? "application/fhir+json" : "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString("{}"));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            boolean stream = response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
            return new Answer(response.statusCode(),
                    stream ? "(event stream)" : new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    // ------------------------------------------------------------------ tokens TestTokens does not make

    private static JwtClaimsBuilder claims(String role) {
        Instant now = Instant.now();
        return Jwt.issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE).subject("test-" + role)
                .upn("test-" + role).groups(Set.of(role)).issuedAt(now).expiresAt(now.plusSeconds(7200));
    }

    /** A well-formed token with every right claim but {@code "alg": "none"} and no signature. */
    private static String unsigned(String role) {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"none\",\"typ\":\"JWT\"}";
        String payload = ("{\"iss\":\"%s\",\"aud\":\"%s\",\"sub\":\"test-%s\",\"upn\":\"test-%s\","
                + "\"groups\":[\"%s\"],\"iat\":%d,\"exp\":%d}")
                .formatted(TestTokens.ISSUER, TestTokens.AUDIENCE, role, role, role, now, now + 600);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static PrivateKey devKey() {
        try {
            return KeyUtils.decodePrivateKey(Files.readString(ROOT.resolve("dev-keys/dev-private.pem")));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the dev signing key", e);
        }
    }
}
