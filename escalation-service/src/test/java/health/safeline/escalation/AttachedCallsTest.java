package health.safeline.escalation;

import static health.safeline.escalation.EscalationResourceTest.FHIR;
import static health.safeline.escalation.EscalationResourceTest.ack;
import static health.safeline.escalation.EscalationResourceTest.deliver;
import static health.safeline.escalation.EscalationResourceTest.encode;
import static health.safeline.escalation.EscalationResourceTest.resolve;
import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import health.safeline.api.RedFlag;
import health.safeline.api.TriageLevel;
import health.safeline.shared.fhir.EscalationMessages;
import health.safeline.shared.fhir.EscalationMessages.Alert;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A later call about the same patient and problem joins the open escalation instead of starting another. */
@QuarkusTest
class AttachedCallsTest {

    static final RedFlag DVT = new RedFlag("suspected-dvt", "Suspected deep vein thrombosis", List.of("calf swollen"));
    static final RedFlag CHEST = new RedFlag("chest-pain-cardiac", "Possible cardiac chest pain", List.of("chest pain"));

    @Inject
    Pool pool;

    record Call(String id, String encounterId) {
    }

    static Call call(String patient, TriageLevel level, RedFlag... flags) {
        return call(patient, UUID.randomUUID().toString(), level, flags);
    }

    static Call call(String patient, String encounter, TriageLevel level, RedFlag... flags) {
        String id = UUID.randomUUID().toString();
        deliver(body(id, encounter, patient, level, flags)).then().statusCode(201)
                .header("Location", containsString("/fhir/Communication/" + id));
        return new Call(id, encounter);
    }

    static String body(String id, String encounter, String patient, TriageLevel level, RedFlag... flags) {
        return encode(EscalationMessages.toCommunication(new Alert(id, encounter, patient,
                UUID.randomUUID().toString(), level, List.of(flags), "leg pain", "Calf still swollen.")));
    }

    long count(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(Duration.ofSeconds(5))
                .iterator().next().getLong(0);
    }

    static io.restassured.response.ValidatableResponse view(String id) {
        return given().header("Authorization", bearer("clinician")).get("/api/v1/escalations/" + id)
                .then().statusCode(200);
    }

    @Test
    void aMoreUrgentSecondCallIsAttachedRaisesThePriorityAndReTriggersAnAcknowledgedEscalation() {
        String patient = UUID.randomUUID().toString();
        Call first = call(patient, TriageLevel.URGENT, DVT);
        ack(first.id(), "clinician").then().statusCode(200);

        Call second = call(patient, TriageLevel.EMERGENCY, DVT, CHEST);

        assertEquals(1, count("SELECT count(*) FROM escalation WHERE patient_id = $1", patient));
        view(second.id()).body("id", equalTo(first.id()))
                .body("priority", equalTo("stat"))
                .body("level", equalTo("emergency"))
                .body("status", equalTo("triggered"))
                .body("calls", hasSize(2))
                .body("calls.id", containsInAnyOrder(first.id(), second.id()))
                .body("calls.encounterId", containsInAnyOrder(first.encounterId(), second.encounterId()))
                .body("redFlags.id", containsInAnyOrder("suspected-dvt", "chest-pain-cardiac"));
        // the stat policy now applies: acknowledge within its window (1 s in this profile), not asap's
        assertEquals(1, count("SELECT ack_window_seconds FROM escalation WHERE id = $1", UUID.fromString(first.id())));
        given().header("Authorization", bearer("clinician")).queryParam("encounterId", second.encounterId())
                .get("/api/v1/escalations").then().statusCode(200).body("id", containsInAnyOrder(first.id()));
        assertEquals(1, count("SELECT count(*) FROM audit_event WHERE entity_id = $1 AND action = "
                + "'escalation.priority-raised' AND code = 'asap-to-stat'", first.id()));
        assertEquals(1, count("SELECT count(*) FROM audit_event WHERE entity_id = $1 AND action = "
                + "'escalation.attach' AND code = $2", first.id(), "call-" + second.id()));
        assertEquals(1, count("SELECT count(*) FROM escalation_event WHERE escalation_id = $1 AND kind = 'escalated' "
                + "AND priority = 'stat' AND status = 'triggered' AND tier = 1", UUID.fromString(first.id())));

        // the agent's id for the second call works for the clinician too
        ack(second.id(), "clinician").then().statusCode(200).body("id", equalTo(first.id()))
                .body("status", equalTo("acknowledged"));
        // each call's Communication stays readable by its own id
        given().header("Authorization", bearer("ehr")).get("/fhir/Communication/" + second.id())
                .then().statusCode(200).contentType(FHIR).body("id", equalTo(second.id()))
                .body("encounter.reference", equalTo("Encounter/" + second.encounterId()));
    }

    @Test
    void aLessUrgentSecondCallIsAttachedWithoutChangingPriorityOrStatusAndRedeliveryAddsNothing() {
        String patient = UUID.randomUUID().toString();
        Call first = call(patient, TriageLevel.URGENT, DVT);
        ack(first.id(), "clinician").then().statusCode(200);
        String secondId = UUID.randomUUID().toString();
        String body = body(secondId, UUID.randomUUID().toString(), patient, TriageLevel.URGENT, DVT);

        deliver(body).then().statusCode(201);
        deliver(body).then().statusCode(200).body("id", equalTo(secondId));

        view(first.id()).body("priority", equalTo("asap")).body("status", equalTo("acknowledged"))
                .body("calls", hasSize(2));
        assertEquals(2, count("SELECT count(*) FROM escalation_call WHERE escalation_id = $1",
                UUID.fromString(first.id())));
        assertEquals(0, count("SELECT count(*) FROM audit_event WHERE entity_id = $1 AND action = "
                + "'escalation.priority-raised'", first.id()));
        // announced to the live worklist and the notification channels as "attached", once
        assertEquals(1, count("SELECT count(*) FROM escalation_event WHERE escalation_id = $1 AND kind = 'attached'",
                UUID.fromString(first.id())));
    }

    @Test
    void aDifferentProblemOrAResolvedEscalationStartsANewOne() {
        String patient = UUID.randomUUID().toString();
        Call dvt = call(patient, TriageLevel.URGENT, DVT);
        Call chest = call(patient, TriageLevel.URGENT, CHEST);
        view(chest.id()).body("id", equalTo(chest.id())).body("calls", hasSize(1));

        ack(dvt.id(), "clinician").then().statusCode(200);
        resolve(dvt.id(), "{\"outcome\": \"callback-completed\"}").then().statusCode(200);
        Call again = call(patient, TriageLevel.URGENT, DVT);
        view(again.id()).body("id", equalTo(again.id()));
        assertEquals(3, count("SELECT count(*) FROM escalation WHERE patient_id = $1", patient));
    }

    @Test
    void clearingAnEscalationClearsEveryEncounterOnIt() {
        String patient = UUID.randomUUID().toString();
        Call first = call(patient, TriageLevel.URGENT, DVT);
        Call second = call(patient, TriageLevel.URGENT, DVT);
        ack(second.id(), "clinician").then().statusCode(200);
        resolve(second.id(), "{\"outcome\": \"clear-for-booking\", \"bookingWindowHours\": 24}")
                .then().statusCode(200).body("id", equalTo(first.id()));
        for (Call c : List.of(first, second)) {
            assertEquals(1, count("SELECT count(*) FROM outbox_message WHERE destination = 'triage' "
                    + "AND payload LIKE $1", "%Encounter/" + c.encounterId() + "%"));
        }
    }

    @Test
    void concurrentCallsAboutOnePatientAndProblemEndOnOneEscalation() throws Exception {
        String patient = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> deliveries = java.util.stream.IntStream.range(0, 6)
                    .mapToObj(i -> (Callable<Integer>) () -> deliver(body(UUID.randomUUID().toString(),
                            UUID.randomUUID().toString(), patient, TriageLevel.URGENT, DVT)).statusCode())
                    .toList();
            for (Future<Integer> f : pool.invokeAll(deliveries)) {
                assertEquals(201, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, count("SELECT count(*) FROM escalation WHERE patient_id = $1", patient));
        assertEquals(6, count("SELECT count(*) FROM escalation_call c JOIN escalation e ON e.id = c.escalation_id "
                + "WHERE e.patient_id = $1", patient));
        assertNotEquals(0, count("SELECT count(*) FROM escalation WHERE patient_id = $1 AND calls LIKE '%receivedAt%'",
                patient));
    }
}
