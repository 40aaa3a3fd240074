package health.safeline.intake;

import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Patient and Encounter searches, paging, versions and the Patient update an EHR relies on. */
@QuarkusTest
class FhirSearchTest {

    static final String FHIR = "application/fhir+json";

    /** Records a call for the patient with {@code mrn}; answers the encounter id. */
    static String call(String mrn) {
        String body = """
                {"patient": {"identifier": "%s", "name": "Search Person", "birthDate": "1950-02-03", "sex": "male"},
                 "reason": "cough", "narrative": "Dry cough for three days."}""".formatted(mrn);
        return given().header("Authorization", bearer("agent")).contentType(ContentType.JSON).body(body)
                .post("/api/v1/intakes").then().statusCode(201).extract().path("encounterId");
    }

    static JsonPath search(String path) {
        return given().urlEncodingEnabled(false).header("Authorization", bearer("ehr")).get(path).then().log().ifValidationFails().statusCode(200).contentType(FHIR)
                .body("resourceType", equalTo("Bundle")).body("type", equalTo("searchset"))
                .extract().jsonPath();
    }

    static String patientId(String mrn) {
        return search("/fhir/Patient?identifier=urn:safeline:patient-identifier%7C" + mrn).getString("entry[0].resource.id");
    }

    @Test
    void patientByIdentifierWithOrWithoutSystem() {
        String mrn = "MRN-" + UUID.randomUUID();
        call(mrn);
        JsonPath bundle = search("/fhir/Patient?identifier=" + mrn);
        assertEquals(1, bundle.getInt("total"));
        assertEquals(mrn, bundle.getString("entry[0].resource.identifier[0].value"));
        assertEquals(bundle.getString("entry[0].resource.id"), patientId(mrn));
        assertEquals(0, search("/fhir/Patient?identifier=http://other.example%7C" + mrn).getInt("total"));
    }

    @Test
    void encountersOfAPatientPageThroughNextLinks() {
        String mrn = "MRN-" + UUID.randomUUID();
        Set<String> made = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            made.add(call(mrn));
        }
        String patient = patientId(mrn);
        List<String> seen = new ArrayList<>();
        String next = "/fhir/Encounter?patient=Patient/" + patient + "&_count=2";
        int pages = 0;
        while (next != null) {
            JsonPath page = search(next.replaceFirst("^https?://[^/]+", ""));
            assertEquals(5, page.getInt("total"));
            seen.addAll(page.getList("entry.resource.id"));
            next = page.getString("link.find { it.relation == 'next' }.url");
            pages++;
        }
        assertEquals(3, pages);
        assertEquals(made, new HashSet<>(seen));
        assertEquals(5, seen.size());

        given().header("Authorization", bearer("ehr")).queryParam("patient", patient)
                .queryParam("status", "in-progress").queryParam("date", "ge2020-01-01")
                .queryParam("date", "lt2999-01-01T00:00:00Z").get("/fhir/Encounter")
                .then().statusCode(200).body("total", equalTo(5))
                .body("entry.resource.status", everyItem(equalTo("in-progress")))
                .body("entry.resource.subject.reference", everyItem(equalTo("Patient/" + patient)));
        given().header("Authorization", bearer("ehr")).queryParam("patient", patient).queryParam("date", "lt2020-01-01")
                .get("/fhir/Encounter").then().statusCode(200).body("total", equalTo(0)).body("entry", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void badSearchesAre400WithAnOperationOutcome() {
        for (String query : List.of("/fhir/Encounter?status=finished", "/fhir/Encounter?date=yesterday",
                "/fhir/Encounter?date=xx2020-01-01", "/fhir/Encounter?patient=Patient/not-a-uuid",
                "/fhir/Encounter?_count=lots", "/fhir/Patient?identifier=%7C", "/fhir/Encounter?_count=-1",
                "/fhir/Patient?_offset=-5", "/fhir/Patient?identifier=%27%20OR%201%3D1%20--",
                "/fhir/Patient?identifier=%3Cscript%3E", "/fhir/AuditEvent?entity=Encounter/%27%20OR%201%3D1")) {
            given().urlEncodingEnabled(false).header("Authorization", bearer(query.contains("AuditEvent") ? "auditor" : "ehr"))
                    .get(query).then().log().ifValidationFails().statusCode(400)
                    .contentType(FHIR).body("resourceType", equalTo("OperationOutcome"));
        }
    }

    @Test
    void unknownSearchParametersAre400NamingThemUnlessHandlingIsLenient() {
        String mrn = "MRN-" + UUID.randomUUID();
        call(mrn);
        String patient = patientId(mrn);
        for (String[] query : new String[][] {{"/fhir/Encounter?subject=Patient/" + patient, "subject"},
                {"/fhir/Patient?name=Search", "name"}, {"/fhir/Encounter?patient=" + patient + "&_sort=date", "_sort"},
                {"/fhir/Encounter?status:not=triaged", "status:not"}, {"/fhir/Patient?_include=*", "_include"},
                {"/fhir/AuditEvent?entity=Patient/" + patient + "&agent=x", "agent"}}) {
            given().urlEncodingEnabled(false)
                    .header("Authorization", bearer(query[0].contains("AuditEvent") ? "auditor" : "ehr"))
                    .get(query[0]).then().log().ifValidationFails().statusCode(400).contentType(FHIR)
                    .body("resourceType", equalTo("OperationOutcome"))
                    .body("issue[0].details.coding[0].code", equalTo("unknown-parameter"))
                    .body("issue[0].diagnostics", containsString("'" + query[1] + "'"));
        }
        // lenient: the unknown parameter is ignored, and the links show the search that was run
        JsonPath lenient = given().urlEncodingEnabled(false).header("Authorization", bearer("ehr"))
                .header("Prefer", "return=representation, handling=lenient")
                .get("/fhir/Encounter?patient=Patient/" + patient + "&subject=Patient/x&_count=1")
                .then().log().ifValidationFails().statusCode(200).extract().jsonPath();
        assertEquals(1, lenient.getInt("total"));
        String self = lenient.getString("link.find { it.relation == 'self' }.url");
        org.hamcrest.MatcherAssert.assertThat(self, containsString("patient="));
        org.hamcrest.MatcherAssert.assertThat(self, org.hamcrest.Matchers.not(containsString("subject")));
        given().header("Authorization", bearer("ehr")).header("Prefer", "handling=strict")
                .get("/fhir/Patient?name=x").then().statusCode(400);
    }

    @Test
    void aValidFhirIdThatIsNotOursIsNotFoundAndAMalformedOneIsABadRequest() {
        for (String path : List.of("/fhir/Encounter/no-such-encounter-1", "/fhir/Patient/no-such-patient.1",
                "/fhir/AuditEvent/no-such-event")) {
            given().header("Authorization", bearer(path.contains("AuditEvent") ? "auditor" : "ehr")).get(path)
                    .then().log().ifValidationFails().statusCode(404).contentType(FHIR)
                    .body("resourceType", equalTo("OperationOutcome"));
        }
        for (String path : List.of("/fhir/Encounter/" + "a".repeat(65), "/fhir/Patient/a_b", "/fhir/Encounter/a%20b")) {
            given().urlEncodingEnabled(false).header("Authorization", bearer("ehr")).get(path)
                    .then().log().ifValidationFails().statusCode(400).body("resourceType", equalTo("OperationOutcome"));
        }
    }

    @Test
    void formatParameterChoosesJsonAndRefusesXml() {
        String encounter = call("MRN-" + UUID.randomUUID());
        given().header("Authorization", bearer("ehr")).queryParam("_format", "xml")
                .get("/fhir/Encounter/" + encounter).then().log().ifValidationFails().statusCode(406)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].details.coding[0].code", equalTo("unsupported-format"));
        given().header("Authorization", bearer("ehr")).queryParam("_format", "application/fhir+json")
                .get("/fhir/Encounter/" + encounter).then().log().ifValidationFails().statusCode(200).contentType(FHIR);
        given().header("Authorization", bearer("ehr")).queryParam("_format", "json")
                .get("/fhir/Encounter/" + encounter).then().log().ifValidationFails().statusCode(200).contentType(FHIR);
        given().header("Authorization", bearer("ehr")).header("Accept", "application/json")
                .get("/fhir/Encounter/" + encounter).then().log().ifValidationFails().statusCode(200);
    }

    @Test
    void readsCarryVersionsAndUpdatesNeedTheCurrentOne() {
        String mrn = "MRN-" + UUID.randomUUID();
        call(mrn);
        String id = patientId(mrn);
        Response read = given().header("Authorization", bearer("ehr")).get("/fhir/Patient/" + id);
        read.then().statusCode(200).header("ETag", containsString("W/\""));
        String version = read.jsonPath().getString("meta.versionId");
        assertEquals("W/\"" + version + "\"", read.header("ETag"));

        String update = """
                {"resourceType": "Patient", "id": "%s",
                 "identifier": [{"system": "urn:safeline:patient-identifier", "value": "%s"}],
                 "name": [{"text": "Corrected Name"}], "gender": "female", "birthDate": "1950-02-04"}"""
                .formatted(id, mrn);
        given().header("Authorization", bearer("ehr")).header("If-Match", "W/\"999\"").contentType(FHIR).body(update)
                .put("/fhir/Patient/" + id).then().statusCode(412).body("resourceType", equalTo("OperationOutcome"));
        Response updated = given().header("Authorization", bearer("ehr")).header("If-Match", read.header("ETag"))
                .contentType(FHIR).body(update).put("/fhir/Patient/" + id);
        updated.then().statusCode(200).body("name[0].text", equalTo("Corrected Name")).body("gender", equalTo("female"));
        assertNotEquals(version, updated.jsonPath().getString("meta.versionId"));
        // the old ETag is stale now
        given().header("Authorization", bearer("ehr")).header("If-Match", read.header("ETag")).contentType(FHIR)
                .body(update).put("/fhir/Patient/" + id).then().statusCode(412);
    }

    @Test
    void invalidUpdatesAre4xxAndChangeNothing() {
        String mrn = "MRN-" + UUID.randomUUID();
        call(mrn);
        String id = patientId(mrn);
        String base = """
                {"resourceType": "Patient", "id": "%s",
                 "identifier": [{"system": "urn:safeline:patient-identifier", "value": "%s"}], %s}""";
        // invalid R4 (a gender outside the required value set): the validator's issues, 422
        given().header("Authorization", bearer("ehr")).contentType(FHIR)
                .body(base.formatted(id, mrn, "\"gender\": \"robot\"")).put("/fhir/Patient/" + id)
                .then().statusCode(org.hamcrest.Matchers.oneOf(400, 422)).body("resourceType", equalTo("OperationOutcome"));
        given().header("Authorization", bearer("ehr")).contentType(FHIR)
                .body(base.formatted(id, mrn, "\"name\": [{\"text\": \"X\"}], \"telecom\": [{\"value\": \"555\"}]"))
                .put("/fhir/Patient/" + id)
                .then().statusCode(422).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].severity", equalTo("error"));
        given().header("Authorization", bearer("ehr")).contentType(FHIR)
                .body(base.formatted(id, "MRN-OTHER", "\"name\": [{\"text\": \"X\"}]")).put("/fhir/Patient/" + id)
                .then().statusCode(422);
        given().header("Authorization", bearer("ehr")).contentType(FHIR)
                .body(base.formatted(id, mrn, "\"birthDate\": \"2999-01-01\"")).put("/fhir/Patient/" + id)
                .then().statusCode(422);
        given().header("Authorization", bearer("ehr")).contentType(FHIR)
                .body(base.formatted(UUID.randomUUID(), mrn, "\"name\": [{\"text\": \"X\"}]")).put("/fhir/Patient/" + id)
                .then().statusCode(400);
        given().header("Authorization", bearer("clinician")).contentType(FHIR)
                .body(base.formatted(id, mrn, "\"name\": [{\"text\": \"X\"}]")).put("/fhir/Patient/" + id)
                .then().statusCode(403);
        // HAPI alone reads {} as "no name" and the update removed it; a NUL reached PostgreSQL (500)
        for (String bad : List.of("\"name\": [{\"text\": {}}]", "\"gender\": {}", "\"name\": [{\"text\": \"a\\u0000b\"}]",
                "\"name\": {\"text\": \"X\"}", "\"telecom\": [{\"system\": \"phone\", \"value\": {}}]")) {
            given().header("Authorization", bearer("ehr")).contentType(FHIR).body(base.formatted(id, mrn, bad))
                    .put("/fhir/Patient/" + id).then().statusCode(400)
                    .body("issue[0].details.coding[0].code", equalTo("invalid-fhir"));
        }
        // longer than the agent's API takes
        given().header("Authorization", bearer("ehr")).contentType(FHIR)
                .body(base.formatted(id, mrn, "\"name\": [{\"text\": \"" + "x".repeat(201) + "\"}]"))
                .put("/fhir/Patient/" + id).then().statusCode(422).body("issue[0].details.coding[0].code", equalTo("too-long"));
        given().header("Authorization", bearer("ehr")).get("/fhir/Patient/" + id).then().statusCode(200)
                .body("name[0].text", equalTo("Search Person"));
    }

    @Test
    void capabilityStatementListsSearchesAndUpdate() {
        given().get("/fhir/metadata").then().statusCode(200)
                .body("rest[0].resource.find { it.type == 'Patient' }.interaction.code",
                        org.hamcrest.Matchers.containsInAnyOrder("read", "search-type", "update"))
                .body("rest[0].resource.find { it.type == 'Encounter' }.searchParam.name",
                        org.hamcrest.Matchers.containsInAnyOrder("patient", "status", "date"))
                .body("rest[0].resource", hasSize(3));
    }
}
