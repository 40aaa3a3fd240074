package health.safeline.system;

import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.system.Suite.Service;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The two web consoles in headless Chromium against the packaged services (ports 5808x, databases
 * {@code <service>_ui}): the agent's call form and result, booking from it, the clinician's live worklist, and
 * callers' words that look like markup shown as text.
 */
@TestMethodOrder(OrderAnnotation.class)
class ConsolesIT {

    static final int OFFSET = 13000;
    static final Suite SUITE = new Suite(OFFSET, "_ui",
            System.getenv().getOrDefault("SAFELINE_DB_HOST", "127.0.0.1"),
            Integer.parseInt(System.getenv().getOrDefault("SAFELINE_DB_PORT", "5432")))
            .environment(s -> switch (s) {
                // the agent console calls scheduling from the browser: CSP connect-src and CORS for its origin
                case INTAKE -> Map.of("SAFELINE_CONSOLE_SCHEDULING_URL", origin(Service.SCHEDULING));
                case SCHEDULING -> Map.of("SAFELINE_CONSOLE_ORIGINS", origin(Service.INTAKE));
                // no tier change re-renders an item while a test works on it
                case ESCALATION -> Map.of(
                        "SAFELINE_ESCALATION_POLICY_STAT_ACK_DEADLINE", "2H",
                        "SAFELINE_ESCALATION_POLICY_ASAP_ACK_DEADLINE", "2H",
                        "SAFELINE_ESCALATION_POLICY_URGENT_ACK_DEADLINE", "2H");
                default -> Map.of();
            });
    static final String MARKUP = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">";
    static Browser agent;
    static Browser clinician;

    /** After a failed test, each browser's page and console log into target/screenshots. */
    @RegisterExtension
    static final TestWatcher FAILURES = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            String test = context.getRequiredTestMethod().getName();
            if (agent != null) {
                agent.saveFailure("FAILED-" + test + "-agent");
            }
            if (clinician != null) {
                clinician.saveFailure("FAILED-" + test + "-clinician");
            }
        }
    };

    @BeforeAll
    static void start() throws Exception {
        SUITE.dropDatabases();
        SUITE.startAll();
        // a first call over HTTP, so that the consoles' first calls do not meet a cold triage
        SafetyPathIT.triaged(SUITE.url(Service.INTAKE), intake("refill", "Needs a refill of her metformin, feels fine."));
        agent = new Browser();
        clinician = new Browser();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        try (Browser a = agent; Browser c = clinician) {
            SUITE.stopAll();
        }
    }

    /** The browser's origin for a service: localhost, as the consoles' CSP and CORS name it. */
    static String origin(Service s) {
        return "http://localhost:" + (s.port + OFFSET);
    }

    /** A call about a new patient over HTTP (the caller's words sent as they are); answers the 201's body. */
    static JsonPath intake(String reason, String narrative) {
        Map<String, Object> patient = Map.of("identifier", "MRN-" + UUID.randomUUID(), "name", "Console Test",
                "birthDate", "1948-09-12", "sex", "male");
        return given().baseUri(SUITE.url(Service.INTAKE)).header("Authorization", bearer("agent"))
                .contentType(ContentType.JSON).body(Map.of("patient", patient, "reason", reason, "narrative", narrative))
                .post("/api/v1/intakes").then().statusCode(201).extract().jsonPath();
    }

    /** The escalation id of a red-flag call made over HTTP. */
    static String escalation(String reason, String narrative) throws InterruptedException {
        JsonPath answer = SafetyPathIT.triaged(SUITE.url(Service.INTAKE), intake(reason, narrative));
        assertNotNull(answer.getString("triage.escalationId"), answer.prettify());
        return answer.getString("triage.escalationId");
    }

    static JsonPath escalationApi(String id) {
        return given().baseUri(SUITE.url(Service.ESCALATION)).header("Authorization", bearer("clinician"))
                .get("/api/v1/escalations/" + id).then().statusCode(200).extract().jsonPath();
    }

    static void signIn(Browser b, String role) {
        // the roles come with the console's settings, read after the page has loaded
        b.await("the dev sign-in offering " + role, d -> b.find("select#signin-role").isDisplayed()
                && !b.all("select#signin-role option[value='" + role + "']").isEmpty());
        b.choose("select#signin-role", role);
        b.find("button#signin-button").click();
        b.await("signed in as dev-" + role, d -> b.find("#signin-state").getText().contains("Signed in as dev-" + role));
    }

    static void openAgentConsole() {
        agent.open(origin(Service.INTAKE) + "/console/");
        signIn(agent, "agent");
    }

    /** The clinician console signed in as {@code role}, its live stream open. */
    static void openClinicianConsole(String role) {
        clinician.open(origin(Service.ESCALATION) + "/console/");
        signIn(clinician, role);
        clinician.await("the live stream", d -> clinician.find("#stream-state").getText().contains("Live."));
    }

    /** Fills in the agent console's call form and submits it; waits for the result's alert. */
    static WebElement submitCall(String reason, String narrative, Map<String, String> vitals) {
        agent.type("identifier", "MRN-" + UUID.randomUUID());
        agent.type("name", "Console Test");
        agent.set("birthDate", "1950-03-04");
        agent.choose("#sex", "female");
        agent.type("phone", "555-0100");
        agent.type("reason", reason);
        agent.type("narrative", narrative);
        vitals.forEach(agent::type);
        // as agents do: Ctrl+Enter from the narrative submits the call
        agent.find("#narrative").sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
        return agent.await("a result", d -> agent.all("#result .alert").stream().findFirst().orElse(null));
    }

    static String item(String escalationId) {
        return "#worklist > li.item[data-escalation-id='" + escalationId + "']";
    }

    static void assertNoMarkupRan(Browser b, String container) {
        assertEquals("undefined", b.script("return typeof window.__pwned"), "a caller's markup ran");
        assertTrue(b.all(container + " script, " + container + " img").isEmpty(), "a caller's markup became elements");
    }

    @Test
    @Order(1)
    void redFlagCallTellsTheAgentToDial911AndOffersNoBooking() {
        openAgentConsole();
        WebElement alert = submitCall("chest pain", "Crushing chest pain spreading to my left arm, I am sweating a lot.",
                Map.of());
        assertTrue(alert.getAttribute("class").contains("emergency"), alert.getAttribute("class") + ": " + alert.getText());
        assertTrue(alert.getText().contains("Tell the caller to hang up and dial 911 now."), alert.getText());
        List<WebElement> flags = agent.all("#result ul.flags li");
        assertFalse(flags.isEmpty(), "the red flags are listed");
        assertTrue(agent.all("#result ul.flags .evidence").stream().anyMatch(e -> e.getText().contains("chest pain")),
                "the caller's words are shown as evidence");
        assertTrue(agent.all("button.book").isEmpty(), "no booking for an emergency");
        agent.screenshot("agent-console-emergency");
        assertTrue(agent.all("button.book").isEmpty(), "no booking for an emergency, slots loaded late or not");
    }

    @Test
    @Order(2)
    void routineCallIsBookedFromTheConsole() {
        openAgentConsole();
        WebElement alert = submitCall("medication review", "Home BP 132/80, wants her medications reviewed.",
                Map.of("systolic", "132", "diastolic", "80"));
        assertTrue(alert.getAttribute("class").contains("cleared"), alert.getAttribute("class") + ": " + alert.getText());
        List<WebElement> book = agent.await("free slots to book", d -> {
            List<WebElement> buttons = agent.all("#result ul.slots li button.book");
            return buttons.isEmpty() ? null : buttons;
        });
        book.get(0).click();
        WebElement outcome = agent.await("the booking outcome",
                d -> agent.all("#result ul.slots li .booking-outcome.ok").stream().findFirst().orElse(null));
        Matcher booked = Pattern.compile("^Booked \\(appointment ([0-9a-f-]{36})").matcher(outcome.getText());
        assertTrue(booked.find(), outcome.getText());
        agent.screenshot("agent-console-booked");

        String encounterId = given().baseUri(SUITE.url(Service.SCHEDULING)).header("Authorization", bearer("agent"))
                .get("/api/v1/appointments/" + booked.group(1)).then().statusCode(200)
                .body("status", equalTo("booked")).extract().path("encounterId");
        given().baseUri(SUITE.url(Service.INTAKE)).header("Authorization", bearer("agent"))
                .get("/api/v1/intakes/" + encounterId).then().statusCode(200).body("triage.level", equalTo("routine"));
    }

    @Test
    @Order(3)
    void clinicianSeesANewEscalationLiveAcknowledgesAndResolvesIt() throws Exception {
        openClinicianConsole("clinician");
        assertFalse(clinician.find("#summary-panel").isDisplayed(), "the supervisor summary is for supervisors");
        clinician.script("window.__notReloaded = true");
        String id = escalation("speech problem", "One side of her face is drooping and her speech is slurred, started 15 minutes ago.");
        String item = item(id);
        clinician.await("the new escalation on the worklist", d -> clinician.all(item).isEmpty() ? null : true);
        assertEquals(true, clinician.script("return window.__notReloaded === true"), "shown without a reload");

        clinician.find(item + " button.ack").click();
        clinician.await("acknowledged", d -> clinician.all(item + " button.ack").isEmpty()
                && clinician.find(item).getText().contains("acknowledged"));
        assertEquals("acknowledged", escalationApi(id).getString("status"));

        clinician.choose(item + " select.outcome", "callback-completed");
        clinician.find(item + " input.note").sendKeys("Called back, advised to dial 911; ambulance on its way");
        clinician.find(item + " button.resolve").click();
        clinician.await("the resolved escalation gone from the worklist", d -> clinician.all(item).isEmpty());
        JsonPath resolved = escalationApi(id);
        assertEquals("resolved", resolved.getString("status"));
        assertEquals("callback-completed", resolved.getString("outcome"));
    }

    @Test
    @Order(4)
    void worklistScreenshot() throws Exception {
        openClinicianConsole("clinician");
        String stat = escalation("breathing", "He is gasping for air and cannot finish a sentence.");
        String asap = escalation("suspected blood clot", "Caller thinks she has a blood clot. Pain and swelling in her right leg since yesterday.");
        clinician.await("both escalations on the worklist", d -> !clinician.all(item(stat)).isEmpty() && !clinician.all(item(asap)).isEmpty());
        clinician.find(item(asap) + " button.ack").click();
        clinician.await("acknowledged", d -> clinician.all(item(asap) + " button.ack").isEmpty());
        assertFalse(clinician.all(item(stat) + " button.ack").isEmpty(), "the other one is still triggered");
        clinician.screenshot("clinician-console-worklist");
    }

    @Test
    @Order(5)
    void callersMarkupIsShownAsTextOnBothConsoles() throws Exception {
        openClinicianConsole("clinician");
        String narrative = "Crushing chest pain spreading to my left arm, sweating. " + MARKUP;

        openAgentConsole();
        WebElement alert = submitCall("chest pain " + MARKUP, narrative, Map.of());
        assertTrue(alert.getAttribute("class").contains("emergency"), alert.getText());
        assertNoMarkupRan(agent, "#result");
        for (WebElement evidence : agent.all("#result .evidence")) {
            String text = evidence.getText();
            assertTrue(!text.contains("__pwned") || text.contains("<script>"), "markup shown as text: " + text);
        }
        assertTrue(agent.all("button.book").isEmpty(), "no booking for an emergency");

        String id = escalation("chest pain " + MARKUP, narrative);
        String words = clinician.await("the escalation's words on the worklist",
                d -> clinician.all(item(id) + " .words").stream().findFirst().map(WebElement::getText).orElse(null));
        assertTrue(words.contains("<script>window.__pwned=1</script>"), words);
        assertTrue(words.contains("<img src=x"), words);
        assertNoMarkupRan(clinician, "#worklist");
    }

    @Test
    @Order(6)
    void supervisorRefreshesTheSummary() {
        openClinicianConsole("supervisor");
        assertTrue(clinician.find("#summary-panel").isDisplayed(), "the supervisor summary");
        clinician.await("the summary loaded at sign-in", d -> !clinician.find("#summary").getText().isBlank());
        clinician.script("document.getElementById('summary').textContent = ''");
        clinician.find("#summary-refresh").click();
        String summary = clinician.await("the summary", d -> {
            String text = clinician.find("#summary").getText();
            return text.isBlank() ? null : text;
        });
        assertFalse(summary.startsWith("HTTP"), summary);
        assertTrue(summary.matches("(?s).*\\d.*"), summary);
    }
}
