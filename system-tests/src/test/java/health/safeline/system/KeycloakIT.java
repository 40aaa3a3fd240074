package health.safeline.system;

import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.WebElement;

/**
 * The production security configuration against a real Keycloak ({@code ./suite keycloak}: the realm of
 * k8s/base/keycloak with the DEV ONLY users): people sign in to the console clients by authorization code
 * with PKCE, the EHR by client credentials, the services call each other with their own client-credentials
 * tokens, and tokens from another realm or signed with the dev key are refused. The two consoles sign in the
 * same way in headless Chromium: Keycloak's login form in the sign-in window, the code exchanged by the page, the
 * tokens kept out of storage and cookies, sign-out ending the Keycloak session.
 */
@TestMethodOrder(OrderAnnotation.class)
class KeycloakIT {

    static final String KEYCLOAK = "http://localhost:" + System.getenv().getOrDefault("SAFELINE_KEYCLOAK_PORT", "8180");
    static final String REALM = KEYCLOAK + "/realms/safeline";
    /** Ports 3008x: the consoles' origins http://localhost:30081 and :30084 are redirect URIs of the dev realm. */
    static final int OFFSET = 12000;
    static final Suite SUITE = new Suite(OFFSET, "_kc",
            System.getenv().getOrDefault("SAFELINE_DB_HOST", "127.0.0.1"),
            Integer.parseInt(System.getenv().getOrDefault("SAFELINE_DB_PORT", "5432")))
            .environment(s -> {
                Map<String, String> env = new HashMap<>(Map.of(
                        "QUARKUS_PROFILE", "prod",
                        "SAFELINE_JWT_ISSUER", REALM,
                        "SAFELINE_JWT_PUBLICKEY_LOCATION", REALM + "/protocol/openid-connect/certs",
                        "SAFELINE_OIDC_AUTH_SERVER_URL", REALM,
                        "SAFELINE_OIDC_CLIENT_ID", s.module(),
                        "SAFELINE_OIDC_CLIENT_SECRET", "dev-secret-" + s.module()));
                switch (s) {
                    // the agent console's CSP names scheduling as the browser reaches it, and scheduling allows it
                    case INTAKE -> env.put("SAFELINE_CONSOLE_SCHEDULING_URL", origin(Service.SCHEDULING));
                    case SCHEDULING -> env.put("SAFELINE_CONSOLE_ORIGINS", origin(Service.INTAKE));
                    // no tier change re-renders a worklist item while the clinician's browser works on it
                    case ESCALATION -> env.putAll(Map.of(
                            "SAFELINE_ESCALATION_POLICY_STAT_ACK_DEADLINE", "2H",
                            "SAFELINE_ESCALATION_POLICY_ASAP_ACK_DEADLINE", "2H",
                            "SAFELINE_ESCALATION_POLICY_URGENT_ACK_DEADLINE", "2H"));
                    default -> { }
                }
                return env;
            });
    static boolean startedKeycloak;
    static Browser agentBrowser;
    static Browser clinicianBrowser;
    /** The escalation of the red-flag call the agent made in the browser (test 1), for the clinician (test 2). */
    static String consoleEscalationId;

    /** After a failed test, each browser's windows and console logs into target/screenshots. */
    @RegisterExtension
    static final TestWatcher FAILURES = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            String test = context.getRequiredTestMethod().getName();
            if (agentBrowser != null) {
                agentBrowser.saveFailures("FAILED-" + test + "-agent");
            }
            if (clinicianBrowser != null) {
                clinicianBrowser.saveFailures("FAILED-" + test + "-clinician");
            }
        }
    };

    @BeforeAll
    static void start() throws Exception {
        startedKeycloak = !ready();
        suite("keycloak", "start");
        SUITE.startAll();
    }

    @AfterAll
    static void stop() throws Exception {
        for (Browser b : new Browser[] {agentBrowser, clinicianBrowser}) {
            if (b != null) {
                b.close();
            }
        }
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

    /** The browser's origin for a service: localhost, as the realm's redirect URIs and the consoles' CSP name it. */
    static String origin(Service s) {
        return "http://localhost:" + (s.port + OFFSET);
    }

    /** A red-flag call over HTTP with an agent's Keycloak token, triaged (by intake's retry if need be). */
    static JsonPath redFlagCall(String agent) throws InterruptedException {
        JsonPath answer = given().baseUri(SUITE.url(Service.INTAKE)).header("Authorization", agent)
                .contentType(ContentType.JSON).body("""
                        {"patient": {"identifier": "MRN-%s", "birthDate": "1946-03-02", "sex": "female"},
                         "reason": "leg pain", "narrative": "Her right calf is swollen, hot and painful since yesterday."}"""
                        .formatted(UUID.randomUUID()))
                .post("/api/v1/intakes").then().statusCode(201).extract().jsonPath();
        String encounterId = answer.getString("encounterId");
        if (answer.getString("triage.level") != null) {
            return answer;
        }
        return SafetyPathIT.eventually(() -> {
            JsonPath stored = given().baseUri(SUITE.url(Service.INTAKE)).header("Authorization", agent)
                    .get("/api/v1/intakes/" + encounterId).then().statusCode(200).extract().jsonPath();
            return stored.getString("triage.level") != null ? stored : null;
        }, "the call triaged", Duration.ofSeconds(60));
    }

    /**
     * Signs in on the console open in {@code b} the way a person does: Sign in opens Keycloak's login form in the
     * sign-in window, the user's name and password (the DEV ONLY users' password is their name), and the window
     * closes itself once it has handed the code to the console. A screenshot of the filled-in form when named.
     */
    static void signInInBrowser(Browser b, String user, String screenshot) {
        b.await("the console offering the identity provider's sign-in",
                d -> b.find("#signin-state").getText().equals("Not signed in") && b.find("button#signin-button").isDisplayed());
        assertFalse(b.find("select#signin-role").isDisplayed(), "no dev sign-in in the prod profile");
        b.find("button#signin-button").click();
        String console = b.switchToNewWindow("safeline-sign-in");
        String popup = b.driver.getWindowHandle();
        b.await("Keycloak's login form in the sign-in window", d -> !b.all("form#kc-form-login input#username").isEmpty());
        assertTrue(b.driver.getCurrentUrl().startsWith(REALM + "/protocol/openid-connect/auth?"), b.driver.getCurrentUrl());
        b.type("username", user);
        b.type("password", user);
        if (screenshot != null) {
            b.screenshot(screenshot);
        }
        b.find("#kc-login").click();
        b.awaitClosed(popup, console);
        b.await("signed in as " + user, d -> b.find("#signin-state").getText().equals("Signed in as " + user));
    }

    /** The tokens live in the page's closure only: nothing in the console origin's storage or cookies. */
    static void assertNothingStored(Browser b) {
        assertEquals(0L, b.script("return window.localStorage.length"), "localStorage");
        assertEquals(0L, b.script("return window.sessionStorage.length"), "sessionStorage");
        assertEquals("", b.script("return document.cookie"), "cookies");
    }

    /** The console's Content-Security-Policy blocked nothing the sign-in, the calls and the sign-out needed. */
    static void assertNothingBlocked(Browser b) {
        List<String> blocked = b.consoleLog().stream().filter(m -> m.contains("Content Security Policy")).toList();
        assertTrue(blocked.isEmpty(), String.join("\n", blocked));
    }

    @Test
    @Order(1)
    void agentSignsInToTheConsoleWithKeycloakAndARedFlagCallIsAccepted() throws Exception {
        // a first call over HTTP, so that the console's call does not meet a cold triage
        redFlagCall(signIn("safeline-agent-console", origin(Service.INTAKE) + "/console/signed-in.html", "dev-agent"));

        agentBrowser = new Browser();
        Browser b = agentBrowser;
        b.open(origin(Service.INTAKE) + "/console/");
        signInInBrowser(b, "dev-agent", "keycloak-login-popup");
        assertNothingStored(b);

        b.type("identifier", "MRN-" + UUID.randomUUID());
        b.type("name", "Keycloak Test");
        b.set("birthDate", "1950-03-04");
        b.choose("#sex", "female");
        b.type("phone", "555-0100");
        b.type("reason", "chest pain");
        b.type("narrative", "Crushing chest pain spreading to my left arm, I am sweating a lot.");
        b.find("button#submit").click();
        WebElement alert = b.await("a result", d -> b.all("#result .alert").stream().findFirst().orElse(null));
        // intake accepted the page's Keycloak token: a refused one shows as an alert of class error
        assertTrue(alert.getAttribute("class").contains("emergency"), alert.getAttribute("class") + ": " + alert.getText());
        Matcher escalation = Pattern.compile("escalation ([0-9a-f-]{36})").matcher(b.find("#result").getText());
        assertTrue(escalation.find(), b.find("#result").getText());
        consoleEscalationId = escalation.group(1);
        assertNothingStored(b);
        assertNothingBlocked(b);
        b.screenshot("agent-console-keycloak");
    }

    @Test
    @Order(2)
    void clinicianSignsInAcknowledgesInTheConsoleAndSignsOutOfKeycloak() throws Exception {
        String clinician = signIn("safeline-clinician-console", origin(Service.ESCALATION) + "/console/signed-in.html",
                "dev-clinician");
        // the agent console's escalation (test 1), else one made over HTTP so that the clinician's part still runs
        String id = consoleEscalationId != null ? consoleEscalationId : redFlagCall(signIn("safeline-agent-console",
                origin(Service.INTAKE) + "/console/signed-in.html", "dev-agent")).getString("triage.escalationId");
        String item = "#worklist > li.item[data-escalation-id='" + id + "']";

        clinicianBrowser = new Browser();
        Browser b = clinicianBrowser;
        String console = origin(Service.ESCALATION) + "/console/";
        b.open(console);
        signInInBrowser(b, "dev-clinician", null);
        b.await("the live stream", d -> b.find("#stream-state").getText().contains("Live."));
        b.await("the escalation on the worklist", d -> !b.all(item).isEmpty());
        assertNothingStored(b);
        b.screenshot("clinician-console-keycloak");

        b.find(item + " button.ack").click();
        b.await("acknowledged", d -> b.all(item + " button.ack").isEmpty() && b.find(item).getText().contains("acknowledged"));
        given().baseUri(SUITE.url(Service.ESCALATION)).header("Authorization", clinician)
                .get("/api/v1/escalations/" + id).then().statusCode(200).body("status", equalTo("acknowledged"));

        // sign-out goes through Keycloak's logout endpoint and back to the console, a new page
        b.script("window.__beforeSignOut = true");
        b.find("button#signout-button").click();
        b.await("the console again after Keycloak's logout", d -> console.equals(d.getCurrentUrl())
                && Boolean.TRUE.equals(b.script("return document.readyState === 'complete' && window.__beforeSignOut === undefined"))
                && b.find("#signin-state").getText().equals("Not signed in"));
        assertTrue(b.all(item).isEmpty(), "the worklist forgotten");
        assertNothingStored(b);
        b.screenshot("clinician-console-signed-out");

        // the Keycloak session ended: signing in again asks for the password, no silent sign-in
        String page = b.driver.getWindowHandle();
        b.find("button#signin-button").click();
        b.switchToNewWindow("safeline-sign-in");
        b.await("Keycloak's login form again", d -> !b.all("form#kc-form-login input#username").isEmpty());
        b.screenshot("keycloak-login-after-sign-out");
        b.driver.close();
        b.driver.switchTo().window(page);
        // the sign-in window closed by hand: the console says so and offers Sign in again
        b.await("the closed sign-in window noticed", d -> b.find("#signin-state").getText()
                .equals("The sign-in window was closed before signing in: sign in again."));
        assertTrue(b.find("button#signin-button").isDisplayed());
        assertNothingBlocked(b);
    }

    @Test
    void redFlagFlowWithKeycloakTokensAndForeignTokensRefused() throws Exception {
        String agent = signIn("safeline-agent-console", "http://localhost:8081/console/", "dev-agent");
        String clinician = signIn("safeline-clinician-console", "http://localhost:8084/console/", "dev-clinician");
        String ehr = clientCredentials(REALM, "ehr-example", "dev-secret-ehr-example");

        // agent → intake → triage (intake-service's own token) → escalation (triage-service's own token)
        JsonPath answer = redFlagCall(agent);
        String encounterId = answer.getString("encounterId");
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
