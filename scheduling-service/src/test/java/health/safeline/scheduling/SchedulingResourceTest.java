package health.safeline.scheduling;

import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.shared.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** scheduling-service against real PostgreSQL with the dev schedules; triage is unreachable here. */
@QuarkusTest
class SchedulingResourceTest {

    @Inject
    Pool pool;

    long count(String sql, Object param) {
        return pool.preparedQuery(sql).execute(Tuple.of(param)).await().atMost(Duration.ofSeconds(5))
                .iterator().next().getLong(0);
    }

    @Test
    void freeSlotsExistAtAnyTimeAndAreTwentyMinutes() {
        List<Map<String, String>> slots = given().header("Authorization", bearer("agent"))
                .queryParam("limit", 5).get("/api/v1/slots")
                .then().statusCode(200).body("$", hasSize(5)).extract().jsonPath().getList("$");
        Instant first = Instant.parse(slots.get(0).get("start"));
        assertTrue(first.isAfter(Instant.now()) && first.isBefore(Instant.now().plus(Duration.ofMinutes(21))));
        assertEquals(Duration.ofMinutes(20),
                Duration.between(first, Instant.parse(slots.get(0).get("end"))));
    }

    /** Free slots from {@code GET /api/v1/slots}: start, end and practitioner of each. */
    static List<Map<String, String>> slots(Instant from, Instant to, int limit, String practitioner) {
        var request = given().header("Authorization", bearer("agent"))
                .queryParam("from", from.toString()).queryParam("to", to.toString()).queryParam("limit", limit);
        if (practitioner != null) {
            request.queryParam("practitioner", practitioner);
        }
        return request.get("/api/v1/slots").then().statusCode(200).extract().jsonPath().getList("$");
    }

    static OffsetDateTime at(String instant) {
        return Instant.parse(instant).atOffset(ZoneOffset.UTC);
    }

    @Test
    void fullyBookedFirstDaysAreSkippedForTheFreeSlotsOfTheDaysAfter() {
        // A Monday beyond the days other tests book: four weekdays of 96 dev slots each.
        LocalDate monday = LocalDate.now(ZoneOffset.UTC).plusDays(30_000 + ThreadLocalRandom.current().nextInt(5_000))
                .with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        Instant from = monday.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = from.plus(Duration.ofDays(31));
        List<List<Map<String, String>>> days = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            days.add(slots(from.plus(Duration.ofDays(i)), from.plus(Duration.ofDays(i + 1)), 100, null));
            assertEquals(96, days.get(i).size(), "slots on day " + i);
        }
        // Monday and Tuesday fully booked, every other slot of Wednesday.
        List<Map<String, String>> booked = new ArrayList<>(days.get(0));
        booked.addAll(days.get(1));
        List<Map<String, String>> free = new ArrayList<>();
        for (int i = 0; i < days.get(2).size(); i++) {
            (i % 2 == 0 ? booked : free).add(days.get(2).get(i));
        }
        free.addAll(days.get(3));
        String creator = "slots-test-" + UUID.randomUUID();
        try {
            pool.preparedQuery("INSERT INTO appointment (id, encounter_id, practitioner_id, start_at, end_at, status, "
                    + "clearance_id, created_at, created_by) VALUES ($1, $2, $3, $4, $5, "
                    + "'booked', 'c-test', now(), $6)")
                    .executeBatch(booked.stream().map(b -> Tuple.of(UUID.randomUUID(), UUID.randomUUID(),
                            b.get("practitioner"), at(b.get("start")), at(b.get("end")), creator)).toList())
                    .await().atMost(Duration.ofSeconds(10));

            assertEquals(free.subList(0, 100), slots(from, to, 100, null));
            assertEquals(free.subList(0, 7), slots(from, to, 7, null));
            String carmen = "dr-carmen-ruiz";
            List<Map<String, String>> hers = free.stream().filter(f -> carmen.equals(f.get("practitioner"))).toList();
            assertTrue(hers.get(0).get("start").startsWith(monday.plusDays(2).toString())
                    && hers.get(49).get("start").startsWith(monday.plusDays(3).toString()),
                    "a page of hers spans Wednesday and Thursday");
            assertEquals(hers.subList(0, 50), slots(from, to, 50, carmen));
            // days counted from a start within Wednesday
            Instant wednesday = from.plus(Duration.ofDays(2).plusHours(10).plusMinutes(10));
            assertEquals(free.stream().filter(f -> !Instant.parse(f.get("start")).isBefore(wednesday)).limit(80)
                    .toList(), slots(wednesday, to, 80, null));
        } finally {
            pool.preparedQuery("DELETE FROM appointment WHERE created_by = $1").execute(Tuple.of(creator))
                    .await().atMost(Duration.ofSeconds(10));
        }
    }

    @Test
    void limitIsClampedAndRangeChecked() {
        given().header("Authorization", bearer("agent")).queryParam("limit", 1000).get("/api/v1/slots")
                .then().statusCode(200).body("$", hasSize(100));
        given().header("Authorization", bearer("agent")).queryParam("from", "yesterday").get("/api/v1/slots")
                .then().statusCode(400).body("resourceType", equalTo("OperationOutcome"));
        given().header("Authorization", bearer("agent"))
                .queryParam("from", "2030-01-01T00:00:00Z").queryParam("to", "2030-03-01T00:00:00Z")
                .get("/api/v1/slots").then().statusCode(400);
        // not a number was a 404 (JAX-RS could not convert it), a negative one was clamped
        for (String limit : List.of("abc", "1.5", "-1", "99999999999999999999")) {
            given().header("Authorization", bearer("agent")).queryParam("limit", limit).get("/api/v1/slots")
                    .then().statusCode(400).body("resourceType", equalTo("OperationOutcome"));
        }
        for (String practitioner : List.of("' OR 1=1 --", "<script>", "x".repeat(65))) {
            given().header("Authorization", bearer("agent")).queryParam("practitioner", practitioner)
                    .get("/api/v1/slots").then().statusCode(400).body("issue[0].details.coding[0].code", equalTo("invalid-id"));
        }
    }

    @Test
    void triageUnreachableRefusesEveryBookingAndAuditsIt() {
        String encounter = UUID.randomUUID().toString();
        given().header("Authorization", bearer("agent")).contentType(ContentType.JSON)
                .body(Map.of("encounterId", encounter, "start", Instant.now().plus(Duration.ofHours(2)).toString()))
                .post("/api/v1/appointments")
                .then().statusCode(503)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].details.coding[0].code", equalTo("triage-unavailable"));
        assertEquals(0, count("SELECT count(*) FROM appointment WHERE encounter_id = $1", UUID.fromString(encounter)));
        assertEquals(1, count("SELECT count(*) FROM audit_event WHERE entity_id = $1 AND outcome = 'refused'",
                encounter));
    }

    @Test
    void fhirBookingNeedsTheEncounter() {
        given().header("Authorization", bearer("agent")).contentType("application/fhir+json")
                .body("{\"resourceType\":\"Appointment\",\"status\":\"proposed\",\"start\":\"2030-01-01T10:00:00Z\","
                        + "\"participant\":[{\"status\":\"needs-action\"}]}")
                .post("/fhir/Appointment").then().statusCode(422)
                .body("issue[0].details.coding[0].code", equalTo("missing-encounter"));
    }

    @Test
    void badBookingsAre400() {
        for (String body : List.of("{", "{\"encounterId\":\"x\",\"start\":\"2030-01-01T10:00:00Z\"}",
                "{\"encounterId\":\"" + UUID.randomUUID() + "\",\"start\":\"tomorrow\"}", "{\"start\":\"2030-01-01T10:00:00Z\"}",
                "{\"encounterId\":\"" + UUID.randomUUID() + "\",\"start\":\"2030-01-01T10:00:00Z\",\"practitioner\":\"' OR 1=1 --\"}")) {
            given().header("Authorization", bearer("agent")).contentType(ContentType.JSON).body(body)
                    .post("/api/v1/appointments").then().statusCode(400).body("resourceType", equalTo("OperationOutcome"));
        }
    }

    @Test
    void onlyAgentsBookAndTokensAreVerified() {
        String body = "{\"encounterId\":\"" + UUID.randomUUID() + "\",\"start\":\"2030-01-01T10:00:00Z\"}";
        given().contentType(ContentType.JSON).body(body).post("/api/v1/appointments").then().statusCode(401);
        given().header("Authorization", "Bearer " + TestTokens.forged("agent")).contentType(ContentType.JSON)
                .body(body).post("/api/v1/appointments").then().statusCode(401);
        given().header("Authorization", "Bearer " + TestTokens.expired("agent")).contentType(ContentType.JSON)
                .body(body).post("/api/v1/appointments").then().statusCode(401);
        for (String role : List.of("clinician", "ehr", "service", "auditor")) {
            given().header("Authorization", bearer(role)).contentType(ContentType.JSON).body(body)
                    .post("/api/v1/appointments").then().statusCode(403);
        }
        given().header("Authorization", bearer("ehr")).get("/api/v1/slots").then().statusCode(403);
    }
}
