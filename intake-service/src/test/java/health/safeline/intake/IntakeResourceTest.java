package health.safeline.intake;

import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.shared.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Intake's API against real PostgreSQL; triage-service is unreachable in this profile. */
@QuarkusTest
class IntakeResourceTest {

    static final String CALL = """
            {"patient": {"identifier": "MRN-T1", "name": "Test Person", "birthDate": "1950-02-03",
                         "sex": "female", "phone": "+1-555-0100"},
             "reason": "leg pain", "narrative": "Pain and swelling in the right calf since yesterday.",
             "vitals": {"systolic": 150, "diastolic": 90, "heartRate": 88}}""";

    @Inject
    Pool pool;

    @TestHTTPResource("/api/v1/intakes")
    URI intakes;

    long encounters() {
        return pool.query("SELECT count(*) FROM encounter").execute().await().atMost(Duration.ofSeconds(5))
                .iterator().next().getLong(0);
    }

    @Test
    void triageUnreachableMeansDoNotBookAndTheCallIsKept() {
        String id = given().header("Authorization", bearer("agent")).contentType(ContentType.JSON).body(CALL)
                .post("/api/v1/intakes")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/intakes/"))
                .body("status", equalTo("untriaged"))
                .body("triage.level", nullValue())
                .body("triage.agentInstructions", containsString("do not book, transfer the caller to the nurse line"))
                .extract().path("encounterId");

        given().header("Authorization", bearer("clinician")).get("/api/v1/intakes/" + id)
                .then().statusCode(200).body("status", equalTo("untriaged"));

        given().header("Authorization", bearer("ehr")).get("/fhir/Encounter/" + id)
                .then().statusCode(200).contentType("application/fhir+json")
                .body("resourceType", equalTo("Encounter"))
                .body("status", equalTo("in-progress"))
                .body("class.code", equalTo("VR"));
    }

    @Test
    void noTokenIs401WithOperationOutcome() {
        given().contentType(ContentType.JSON).body(CALL).post("/api/v1/intakes")
                .then().statusCode(401).body("resourceType", equalTo("OperationOutcome"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"forged", "expired", "wrongIssuer"})
    void badTokensAre401(String kind) {
        String token = switch (kind) {
            case "forged" -> TestTokens.forged("agent");
            case "expired" -> TestTokens.expired("agent");
            default -> TestTokens.wrongIssuer("agent");
        };
        long before = encounters();
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body(CALL)
                .post("/api/v1/intakes").then().statusCode(401);
        assertEquals(before, encounters());
    }

    @ParameterizedTest
    @ValueSource(strings = {"clinician", "ehr", "auditor", "service"})
    void onlyAgentsSubmitCalls(String role) {
        given().header("Authorization", bearer(role)).contentType(ContentType.JSON).body(CALL)
                .post("/api/v1/intakes")
                .then().statusCode(403).body("issue[0].code", equalTo("forbidden"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{not json",
        "{\"reason\": \"x\"}",
        "{\"patient\": {\"identifier\": \"MRN-1\"}}",
        "{\"patient\": {\"identifier\": \"MRN-1\"}, \"reason\": \"x\", \"extra\": 1}",
        "{\"patient\": {\"identifier\": \"MRN-1\", \"birthDate\": \"2999-01-01\"}, \"reason\": \"x\"}",
        "{\"patient\": {\"identifier\": \"MRN-1\", \"birthDate\": \"not-a-date\"}, \"reason\": \"x\"}",
        "{\"patient\": {\"identifier\": \"MRN-1\"}, \"reason\": \"x\", \"vitals\": {\"systolic\": 900}}",
        "{\"patient\": {\"identifier\": \"MRN-1\"}, \"reason\": \"x\", \"vitals\": {\"spo2\": \"high\"}}",
        "{\"patient\": {\"identifier\": \"MRN-1\", \"sex\": \"robot\"}, \"reason\": \"x\"}",
        "{\"patient\": {\"identifier\": \"MRN-1\"}, \"reason\": \"x\\u0000y\"}",
        "{\"patient\": {\"identifier\": \"MRN-1\"}, \"reason\": \"x\\ud800y\"}",
        "{\"patient\": {\"identifier\": \"' OR 1=1 --\"}, \"reason\": \"x\"}",
        "{\"patient\": {\"identifier\": \"<script>alert(1)</script>\"}, \"reason\": \"x\"}",
        "{\"patient\": {\"identifier\": \"MRN-1\", \"birthDate\": \"1950-02-03T00:00:00Z\"}, \"reason\": \"x\"}",
        "[]"
    })
    void badInputIs400AndStoresNothing(String body) {
        long before = encounters();
        given().header("Authorization", bearer("agent")).contentType(ContentType.JSON).body(body)
                .post("/api/v1/intakes")
                .then().statusCode(400).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", org.hamcrest.Matchers.not(containsString("Exception")));
        assertEquals(before, encounters());
    }

    @Test
    void wrongContentTypeIs415() {
        given().header("Authorization", bearer("agent")).contentType(ContentType.TEXT).body("hello")
                .post("/api/v1/intakes").then().statusCode(415).body("resourceType", equalTo("OperationOutcome"));
    }

    /** A body without a Content-Type is not taken for JSON (the shared RequestGuard). */
    @Test
    void aBodyWithoutContentTypeIs415AndStoresNothing() throws Exception {
        long before = encounters();
        HttpResponse<String> answer = send(HttpRequest.BodyPublishers.ofString(CALL), null);
        assertEquals(415, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("OperationOutcome"), answer.body());
        assertEquals(before, encounters());
    }

    /** Over the body limit, with or without a Content-Length: 413 with an OperationOutcome. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anOversizedBodyIs413(boolean chunked) throws Exception {
        byte[] body = CALL.replace("\"reason\"", "\"padding\": \"" + "x".repeat(300 * 1024) + "\", \"reason\"")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> answer = send(chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body), "application/json");
        assertEquals(413, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("\"too-large\""), answer.body());
    }

    @Test
    void aQueryWithControlCharactersIs400() {
        given().urlEncodingEnabled(false).header("Authorization", bearer("ehr")).get("/fhir/Patient?identifier=a%00b")
                .then().statusCode(400).body("issue[0].details.coding[0].code", equalTo("invalid-query"));
    }

    private HttpResponse<String> send(HttpRequest.BodyPublisher body, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(intakes).header("Authorization", bearer("agent"))
                .POST(body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void unknownAndMalformedIds() {
        given().header("Authorization", bearer("agent")).get("/api/v1/intakes/not-an-id")
                .then().statusCode(400).body("issue[0].details.coding[0].code", equalTo("invalid-id"));
        given().header("Authorization", bearer("agent")).get("/api/v1/intakes/" + java.util.UUID.randomUUID())
                .then().statusCode(404).body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void capabilityStatementListsWhatIntakeServes() {
        given().get("/fhir/metadata").then().statusCode(200)
                .body("resourceType", equalTo("CapabilityStatement"))
                .body("rest[0].resource.type", org.hamcrest.Matchers.containsInAnyOrder("Patient", "Encounter",
                        "AuditEvent"));
    }
}
