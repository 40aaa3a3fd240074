package health.safeline.escalation;

import static health.safeline.escalation.EscalationResourceTest.FHIR;
import static health.safeline.escalation.EscalationResourceTest.ack;
import static health.safeline.escalation.EscalationResourceTest.escalate;
import static health.safeline.escalation.EscalationResourceTest.resolve;
import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.api.TriageLevel;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every transition is audited (who, when, from, to, outcome) and readable as FHIR AuditEvent and Task. */
@QuarkusTest
class AuditTrailTest {

    static JsonPath trail(String id) {
        return given().header("Authorization", bearer("auditor")).queryParam("entity", "Communication/" + id)
                .get("/fhir/AuditEvent").then().statusCode(200).contentType(FHIR)
                .body("resourceType", equalTo("Bundle")).body("type", equalTo("searchset"))
                .extract().jsonPath();
    }

    /** The entity details of the entry whose subtype is {@code action}, with {@code _who} and {@code _id}. */
    static Map<String, String> detail(JsonPath bundle, String action) {
        int n = bundle.getList("entry").size();
        for (int i = 0; i < n; i++) {
            String e = "entry[" + i + "].resource.";
            if (!action.equals(bundle.getString(e + "subtype[0].code"))) {
                continue;
            }
            List<String> types = bundle.getList(e + "entity[0].detail.type");
            List<String> values = bundle.getList(e + "entity[0].detail.valueString");
            Map<String, String> detail = new java.util.HashMap<>();
            for (int j = 0; j < types.size(); j++) {
                detail.put(types.get(j), values.get(j));
            }
            detail.put("_who", bundle.getString(e + "agent[0].who.identifier.value"));
            detail.put("_id", bundle.getString(e + "id"));
            return detail;
        }
        throw new AssertionError("no " + action + " in " + bundle.prettify());
    }

    @Test
    void receiptAcknowledgementAndResolutionAreAuditedWithWhoFromAndTo() {
        String id = escalate(UUID.randomUUID().toString(), TriageLevel.URGENT);
        ack(id, "clinician").then().statusCode(200);
        resolve(id, "{\"outcome\": \"callback-completed\", \"note\": \"Called back\"}").then().statusCode(200);

        JsonPath bundle = trail(id);
        assertEquals(3, bundle.getInt("total"));
        assertTrue(bundle.getList("entry.resource.subtype.code.flatten()").containsAll(
                List.of("escalation.receive", "escalation.acknowledge", "escalation.resolve")), bundle.prettify());

        Map<String, String> acked = detail(bundle, "escalation.acknowledge");
        assertEquals("triggered", acked.get("from"));
        assertEquals("acknowledged", acked.get("to"));
        assertEquals("test-clinician", acked.get("_who"));
        Map<String, String> resolved = detail(bundle, "escalation.resolve");
        assertEquals("acknowledged", resolved.get("from"));
        assertEquals("resolved", resolved.get("to"));
        assertEquals("callback-completed", resolved.get("outcome"));

        given().header("Authorization", bearer("auditor")).get("/fhir/AuditEvent/" + acked.get("_id"))
                .then().statusCode(200).contentType(FHIR)
                .body("resourceType", equalTo("AuditEvent"))
                .body("recorded", org.hamcrest.Matchers.notNullValue())
                .body("outcome", equalTo("0"))
                .body("source.site", equalTo("escalation-service"))
                .body("entity[0].what.reference", equalTo("Communication/" + id));
    }

    @Test
    void missedDeadlinesAreAuditedAsSystemTransitions() throws InterruptedException {
        String id = escalate(UUID.randomUUID().toString(), TriageLevel.EMERGENCY);
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonPath bundle = trail(id);
        while (!bundle.getList("entry.resource.subtype.code.flatten()").contains("escalation.deadline-breached")
                && System.nanoTime() < until) {
            Thread.sleep(300);
            bundle = trail(id);
        }
        Map<String, String> breach = detail(bundle, "escalation.deadline-breached");
        assertEquals("system", breach.get("_who"));
        assertEquals("triggered", breach.get("from"));
        assertEquals("acknowledge", breach.get("deadline"));
        assertEquals("tier-2", breach.get("step"));
    }

    @Test
    void theEscalationReadsAsATaskThroughItsLife() {
        String id = escalate(UUID.randomUUID().toString(), TriageLevel.URGENT);
        given().header("Authorization", bearer("ehr")).get("/fhir/Task/" + id).then().statusCode(200)
                .contentType(FHIR).body("resourceType", equalTo("Task"))
                .body("status", equalTo("requested")).body("intent", equalTo("order"))
                .body("priority", equalTo("asap"))
                .body("focus.reference", equalTo("Communication/" + id))
                .body("owner.display", equalTo("on-call-clinician"))
                .body("restriction.period.end", org.hamcrest.Matchers.notNullValue());
        ack(id, "clinician").then().statusCode(200);
        given().header("Authorization", bearer("auditor")).get("/fhir/Task/" + id).then().statusCode(200)
                .body("status", equalTo("accepted")).body("owner.identifier.value", equalTo("test-clinician"));
        resolve(id, "{\"outcome\": \"sent-to-ed\"}").then().statusCode(200);
        given().header("Authorization", bearer("clinician")).get("/fhir/Task/" + id).then().statusCode(200)
                .body("status", equalTo("completed"))
                .body("output[0].valueCodeableConcept.coding[0].code", equalTo("sent-to-ed"));
        given().header("Authorization", bearer("agent")).get("/fhir/Task/" + id).then().statusCode(403);
        given().header("Authorization", bearer("ehr")).get("/fhir/Task/" + UUID.randomUUID()).then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"agent", "clinician", "ehr", "service"})
    void onlyAuditorsAndSupervisorsReadTheTrail(String role) {
        given().header("Authorization", bearer(role)).get("/fhir/AuditEvent").then().statusCode(403)
                .body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void theTrailCannotBeChangedOrDeletedAndBadSearchesAre400() {
        String id = escalate(UUID.randomUUID().toString(), TriageLevel.URGENT);
        String auditId = detail(trail(id), "escalation.receive").get("_id");
        for (String method : List.of("PUT", "DELETE", "POST", "PATCH")) {
            int status = given().header("Authorization", bearer("auditor")).contentType(FHIR).body("{}")
                    .request(method, "/fhir/AuditEvent/" + auditId).statusCode();
            assertTrue(status == 405 || status == 403, method + " answered " + status);
        }
        assertEquals(1, trail(id).getInt("total"));
        given().header("Authorization", bearer("auditor")).queryParam("date", "yesterday").get("/fhir/AuditEvent")
                .then().statusCode(400).body("resourceType", equalTo("OperationOutcome"));
        given().header("Authorization", bearer("auditor")).queryParam("_count", "many").get("/fhir/AuditEvent")
                .then().statusCode(400);
        given().header("Authorization", bearer("auditor")).queryParam("date", "ge2020-01-01T00:00:00Z")
                .queryParam("_count", "1").get("/fhir/AuditEvent").then().statusCode(200)
                .body("entry", org.hamcrest.Matchers.hasSize(1))
                .body("link.relation", hasItems("self", "next"));
    }
}
