package health.safeline.shared.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What every browser console must do, run by a {@code @QuarkusTest} subclass in the service that serves it: the
 * files (the service's and the shared ones) served without a token, nothing loaded from another origin, no HTML
 * built from strings, no token in storage, the CSP, the settings and the dev sign-in of the test profile.
 */
public abstract class ConsoleContract {

    /** The module's console sources, relative to the module directory (surefire's working directory). */
    public static final Path SOURCES = Path.of("src/main/resources/META-INF/resources/console");
    /** The files both consoles share, from the shared module. */
    public static final Path SHARED_SOURCES = Path.of("../shared/src/main/resources/META-INF/resources/console");

    /** APIs that turn data into markup or keep it beyond the page's memory. */
    public static final List<String> FORBIDDEN_IN_JS = List.of("innerHTML", "outerHTML", "insertAdjacentHTML",
            "document.write", "localStorage", "sessionStorage", "indexedDB", "document.cookie", "eval(",
            "new Function", "setTimeout('", "setTimeout(\"");

    private static final Pattern SCRIPT_OR_STYLESHEET = Pattern.compile(
            "<(script|link)\\b[^>]*\\b(src|href)\\s*=\\s*[\"']?([^\"'\\s>]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern CSS_IMPORT_OR_URL = Pattern.compile(
            "(@import|url\\()\\s*[\"']?\\s*(https?:|//)", Pattern.CASE_INSENSITIVE);

    /** The roles the console's dev sign-in offers. */
    protected abstract List<String> roles();

    /** What the CSP's connect-src allows after {@code 'self'} (in the test profile). */
    protected abstract String connectSrcAfterSelf();

    /** A path that {@code role} may call (any answer but 401 and 403 proves the dev token is accepted). */
    protected abstract String pathAllowedFor(String role);

    /** Every file of the console, the service's and the shared ones. */
    public static List<Path> files() {
        try (Stream<Path> own = Files.list(SOURCES); Stream<Path> shared = Files.list(SHARED_SOURCES)) {
            return Stream.concat(own, shared).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("no console sources in " + SOURCES.toAbsolutePath(), e);
        }
    }

    @Test
    void everyFileIsServedWithoutATokenByteForByte() throws IOException {
        List<Path> files = files();
        assertTrue(files.stream().anyMatch(p -> p.endsWith(SOURCES.resolve("index.html"))), "index.html");
        assertTrue(files.stream().anyMatch(p -> p.getFileName().toString().equals("console.js")), "console.js");
        for (Path file : files) {
            String name = file.getFileName().toString();
            Response r = given().get("/console/" + name);
            assertEquals(200, r.statusCode(), name);
            assertEquals(Files.readString(file), r.asString(), name);
        }
        given().get("/console/").then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("<script src=\"console.js\" defer></script>"));
    }

    @Test
    void nothingIsLoadedFromAnotherOrigin() throws IOException {
        for (Path file : files()) {
            String content = Files.readString(file);
            Matcher m = SCRIPT_OR_STYLESHEET.matcher(content);
            while (m.find()) {
                String url = m.group(3).toLowerCase();
                assertFalse(url.startsWith("http:") || url.startsWith("https:") || url.startsWith("//"),
                        file + " loads " + url);
            }
            assertFalse(CSS_IMPORT_OR_URL.matcher(content).find(), file + " imports from another origin");
        }
    }

    @Test
    void scriptsNeverBuildHtmlFromDataNorStoreTheToken() throws IOException {
        List<Path> scripts = files().stream().filter(p -> p.toString().endsWith(".js")).toList();
        assertTrue(scripts.size() >= 3, "console scripts: " + scripts);
        for (Path file : scripts) {
            String content = Files.readString(file);
            for (String forbidden : FORBIDDEN_IN_JS) {
                assertFalse(content.contains(forbidden), file + " uses " + forbidden);
            }
        }
        for (Path file : files().stream().filter(p -> p.toString().endsWith(".html")).toList()) {
            String html = Files.readString(file);
            assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                    file + " has an inline script (the CSP forbids it)");
            assertFalse(Pattern.compile("\\son[a-z]+\\s*=|\\sstyle\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                    file + " has an inline handler or style (the CSP forbids it)");
            for (Matcher m = Pattern.compile("<label\\b[^>]*\\bfor=\"([^\"]+)\"").matcher(html); m.find(); ) {
                assertTrue(html.contains("id=\"" + m.group(1) + "\""), file + ": label for " + m.group(1));
            }
        }
    }

    @Test
    void theConsoleHasAStrictContentSecurityPolicy() {
        Response r = given().get("/console/index.html");
        String csp = r.header("Content-Security-Policy");
        assertTrue(csp != null && csp.contains("default-src 'self'") && csp.contains("script-src 'self';")
                && csp.contains("frame-ancestors 'none'") && csp.contains("connect-src 'self' " + connectSrcAfterSelf() + ";"),
                "CSP: " + csp);
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        assertEquals("no-referrer", r.header("Referrer-Policy"));
        // only the console: the API is not given the page's policy
        assertEquals(null, given().get("/q/health/live").header("Content-Security-Policy"));
    }

    @Test
    void theSettingsOfferTheDevSignInForTheConsolesRolesInTest() {
        given().get("/console/config").then().statusCode(200)
                .body("signIn", equalTo("dev"), "roles", equalTo(roles()), "oidc", nullValue());
    }

    @Test
    void theDevSignInIssuesATokenForEachRoleThatTheServiceAccepts() {
        for (String role : roles()) {
            String token = given().contentType("application/json").body("{\"role\":\"" + role + "\"}")
                    .post("/console/dev-token").then().statusCode(200)
                    .body("token_type", equalTo("Bearer"), "subject", equalTo("dev-" + role))
                    .extract().path("access_token");
            JsonPath claims = JsonPath.from(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                    StandardCharsets.UTF_8));
            assertEquals(List.of(role), claims.getList("groups"), role);
            assertEquals(TestTokens.ISSUER, claims.getString("iss"));
            int status = given().header("Authorization", "Bearer " + token).get(pathAllowedFor(role)).statusCode();
            assertNotEquals(401, status, role);
            assertNotEquals(403, status, role);
        }
    }

    @Test
    void theDevSignInRefusesEveryOtherRole() {
        for (String role : List.of("agent", "clinician", "supervisor", "ehr", "service", "auditor", "admin")) {
            if (roles().contains(role)) {
                continue;
            }
            given().contentType("application/json").body("{\"role\":\"" + role + "\"}").post("/console/dev-token")
                    .then().statusCode(400).body("resourceType", equalTo("OperationOutcome"),
                            "issue[0].details.coding[0].code", equalTo("invalid-role"));
        }
        given().contentType("application/json").body("{}").post("/console/dev-token").then().statusCode(400);
        given().contentType("application/json").body("{\"role\":\"" + roles().get(0) + "\",\"groups\":[\"service\"]}")
                .post("/console/dev-token").then().statusCode(400);
    }
}
