package health.safeline.shared.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks shared by the browser consoles (static files under {@code META-INF/resources/console}): served
 * without a token, nothing loaded from another origin, no HTML built from strings, no token in storage.
 */
public final class ConsoleChecks {

    /** The module's console sources, relative to the module directory (surefire's working directory). */
    public static final Path SOURCES = Path.of("src/main/resources/META-INF/resources/console");

    /** APIs that turn data into markup or keep it beyond the page's memory. */
    public static final List<String> FORBIDDEN_IN_JS = List.of("innerHTML", "outerHTML", "insertAdjacentHTML",
            "document.write", "localStorage", "sessionStorage", "indexedDB", "document.cookie", "eval(",
            "new Function", "setTimeout('", "setTimeout(\"");

    private static final Pattern SCRIPT_OR_STYLESHEET = Pattern.compile(
            "<(script|link)\\b[^>]*\\b(src|href)\\s*=\\s*[\"']?([^\"'\\s>]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern CSS_IMPORT_OR_URL = Pattern.compile(
            "(@import|url\\()\\s*[\"']?\\s*(https?:|//)", Pattern.CASE_INSENSITIVE);

    private ConsoleChecks() {
    }

    /** Every file of the console, by name. */
    public static List<Path> files() {
        try (Stream<Path> s = Files.list(SOURCES)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("no console sources in " + SOURCES.toAbsolutePath(), e);
        }
    }

    /** Each console file is served at {@code /console/<name>} without a token, byte for byte. */
    public static void servedWithoutToken() throws IOException {
        List<Path> files = files();
        assertTrue(files.stream().anyMatch(p -> p.getFileName().toString().equals("index.html")), "index.html");
        for (Path file : files) {
            String name = file.getFileName().toString();
            Response r = given().get("/console/" + name);
            assertEquals(200, r.statusCode(), name);
            assertEquals(Files.readString(file), r.asString(), name);
        }
        given().get("/console/").then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("<label for=\"token\""));
    }

    /** No script or stylesheet from another origin (absolute or protocol-relative URL), none in CSS either. */
    public static void nothingFromOtherOrigins() throws IOException {
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

    /** No script builds markup from strings or keeps anything in browser storage; no inline script or style. */
    public static void scriptsUseTheDomAndMemoryOnly() throws IOException {
        List<Path> scripts = files().stream().filter(p -> p.toString().endsWith(".js")).toList();
        assertFalse(scripts.isEmpty(), "console scripts");
        for (Path file : scripts) {
            String content = Files.readString(file);
            for (String forbidden : FORBIDDEN_IN_JS) {
                assertFalse(content.contains(forbidden), file + " uses " + forbidden);
            }
            assertTrue(content.contains("textContent") || content.contains("createTextNode"), file + " writes text");
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

    /** The console's security headers: a CSP that allows this origin only for scripts and styles. */
    public static void securityHeaders(String expectedConnectSrc) {
        Response r = given().get("/console/index.html");
        String csp = r.header("Content-Security-Policy");
        assertTrue(csp != null && csp.contains("default-src 'self'") && csp.contains("script-src 'self'")
                && csp.contains("frame-ancestors 'none'") && csp.contains("connect-src 'self'" + expectedConnectSrc),
                "CSP: " + csp);
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        // only the console: the API is not given the page's policy
        assertEquals(null, given().get("/q/health/live").header("Content-Security-Policy"));
    }
}
