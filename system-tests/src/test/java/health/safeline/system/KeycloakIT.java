package health.safeline.system;

import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.system.Suite.Service;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production security configuration against a real Keycloak ({@code ./suite keycloak}: the realm of
 * k8s/base/keycloak with the DEV ONLY users): people sign in to the console clients by authorization code
 * with PKCE, the EHR by client credentials, the services call each other with their own client-credentials
 * tokens, and tokens from another realm or signed with the dev key are refused.
 */
class KeycloakIT {

    static final String KEYCLOAK = "http://localhost:" + System.getenv().getOrDefault("SAFELINE_KEYCLOAK_PORT", "8180");
    static final String REALM = KEYCLOAK + "/realms/safeline";
    static final Suite SUITE = new Suite(30000, "_kc",
            System.getenv().getOrDefault("SAFELINE_DB_HOST", "127.0.0.1"),
            Integer.parseInt(System.getenv().getOrDefault("SAFELINE_DB_PORT", "5432")))
            .environment(s -> Map.of(
                    "QUARKUS_PROFILE", "prod",
                    "SAFELINE_JWT_ISSUER", REALM,
                    "SAFELINE_JWT_PUBLICKEY_LOCATION", REALM + "/protocol/openid-connect/certs",
                    "SAFELINE_OIDC_AUTH_SERVER_URL", REALM,
                    "SAFELINE_OIDC_CLIENT_ID", s.module(),
                    "SAFELINE_OIDC_CLIENT_SECRET", "dev-secret-" + s.module()));
    static boolean startedKeycloak;

    @BeforeAll
    static void start() throws Exception {
        startedKeycloak = !ready();
        suite("keycloak", "start");
        SUITE.startAll();
    }

    @AfterAll
    static void stop() throws Exception {
        SUITE.stopAll();
        if (startedKeycloak) {
            suite("keycloak", "stop");
        }
    }

    static void suite(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Suite.ROOT.resolve("suite").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(Suite.ROOT.toFile()).inheritIO().start();
        assertEquals(0, p.waitFor(), "./suite " + String.join(" ", args));
    }

    static boolean ready() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(REALM + "/.well-known/openid-configuration"))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** A person's access token, the way a console gets it: authorization code flow with PKCE, login form. */
    static String signIn(String client, String redirectUri, String user) throws Exception {
        HttpClient browser = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String authorize = REALM + "/protocol/openid-connect/auth?" + form(Map.of("client_id", client,
                "redirect_uri", redirectUri, "response_type", "code", "scope", "openid", "state", "s1",
                "code_challenge", challenge, "code_challenge_method", "S256"));
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(authorize)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        Matcher action = Pattern.compile("id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"|action=\"([^\"]+)\"[^>]*id=\"kc-form-login\"")
                .matcher(page.body());
        assertTrue(action.find(), "a login form");
        String postTo = (action.group(1) != null ? action.group(1) : action.group(2)).replace("&amp;", "&");
        // Keycloak's session cookies are Secure, which browsers send to http://localhost and Java's CookieManager does not
        String cookies = page.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0])
                .collect(Collectors.joining("; "));
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(postTo))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookies)
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", user, "password", user,
                        "credentialId", "")))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, login.statusCode(), "signed in: " + login.body());
        String location = login.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(redirectUri), location);
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
        assertTrue(code.find(), location);
        return token(Map.of("grant_type", "authorization_code", "client_id", client, "redirect_uri", redirectUri,
                "code", code.group(1), "code_verifier", verifier), REALM);
    }

    static String clientCredentials(String realmUrl, String client, String secret) throws Exception {
        return token(Map.of("grant_type", "client_credentials", "client_id", client, "client_secret", secret), realmUrl);
    }

    static String token(Map<String, String> params, String realmUrl) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(realmUrl + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return "Bearer " + JsonPath.from(r.body()).getString("access_token");
    }

    static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    @Test
    void redFlagFlowWithKeycloakTokensAndForeignTokensRefused() throws Exception {
        String agent = signIn("safeline-agent-console", "http://localhost:8081/console/", "dev-agent");
        String clinician = signIn("safeline-clinician-console", "http://localhost:8084/console/", "dev-clinician");
        String ehr = clientCredentials(REALM, "ehr-example", "dev-secret-ehr-example");

        // agent → intake → triage (intake-service's own token) → escalation (triage-service's own token)
        JsonPath answer = given().baseUri(SUITE.url(Service.INTAKE)).header("Authorization", agent)
                .contentType(ContentType.JSON).body("""
                        {"patient": {"identifier": "MRN-%s", "birthDate": "1946-03-02", "sex": "female"},
                         "reason": "leg pain", "narrative": "Her right calf is swollen, hot and painful since yesterday."}"""
                        .formatted(UUID.randomUUID()))
                .post("/api/v1/intakes").then().statusCode(201).extract().jsonPath();
        String encounterId = answer.getString("encounterId");
        if (answer.getString("triage.level") == null) { // triage missed intake's deadline: intake retries
            answer = SafetyPathIT.eventually(() -> {
                JsonPath stored = given().baseUri(SUITE.url(Service.INTAKE)).header("Authorization", agent)
                        .get("/api/v1/intakes/" + encounterId).then().statusCode(200).extract().jsonPath();
                return stored.getString("triage.level") != null ? stored : null;
            }, "the call triaged", Duration.ofSeconds(60));
        }
        assertTrue(List.of("urgent", "emergency").contains(answer.getString("triage.level")), answer.prettify());
        String escalationId = answer.getString("triage.escalationId");
        SafetyPathIT.eventually(() -> given().baseUri(SUITE.url(Service.ESCALATION)).header("Authorization", clinician)
                .queryParam("encounterId", encounterId).get("/api/v1/escalations").then().statusCode(200)
                .extract().jsonPath().getList("$").isEmpty() ? null : true, "the escalation on the worklist",
                Duration.ofSeconds(30));

        // an EHR reads FHIR but cannot acknowledge or book on a clinician's or an agent's behalf
        given().baseUri(SUITE.url(Service.INTAKE)).header("Authorization", ehr).get("/fhir/Encounter/" + encounterId)
                .then().statusCode(200).body("id", equalTo(encounterId));
        given().baseUri(SUITE.url(Service.ESCALATION)).header("Authorization", ehr)
                .post("/api/v1/escalations/" + escalationId + "/ack").then().statusCode(403);
        given().baseUri(SUITE.url(Service.SCHEDULING)).header("Authorization", ehr).contentType(ContentType.JSON)
                .body(Map.of("encounterId", encounterId, "start", "2030-01-01T09:00:00Z")).post("/api/v1/appointments")
                .then().statusCode(403);
        given().baseUri(SUITE.url(Service.ESCALATION)).header("Authorization", clinician)
                .post("/api/v1/escalations/" + escalationId + "/ack").then().statusCode(200)
                .body("status", equalTo("acknowledged"));
        given().baseUri(SUITE.url(Service.SCHEDULING)).header("Authorization", agent).contentType(ContentType.JSON)
                .body(Map.of("encounterId", encounterId, "start", "2030-01-01T09:00:00Z")).post("/api/v1/appointments")
                .then().statusCode(409);

        // a token from another realm (same client name and role) and a dev-key token are refused everywhere
        String foreign = clientCredentials(KEYCLOAK + "/realms/elsewhere", "ehr-example", "dev-secret-elsewhere");
        for (Service s : Service.values()) {
            for (String refused : List.of(foreign, bearer("ehr"))) {
                given().baseUri(SUITE.url(s)).header("Authorization", refused).get("/fhir/AuditEvent")
                        .then().statusCode(401).body("resourceType", equalTo("OperationOutcome"));
            }
        }
    }
}
