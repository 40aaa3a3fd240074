package health.safeline.scheduling;

import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** FHIR Slot search and read, and the Schedules slots reference, from the dev schedules (20-minute slots, every hour). */
@QuarkusTest
class SlotSearchTest {

    static JsonPath get(String path, Map<String, ?> query) {
        return given().header("Authorization", bearer("agent")).queryParams(query).get(path)
                .then().statusCode(200).contentType(containsString("application/fhir+json")).extract().jsonPath();
    }

    /** The link of {@code relation}, or null. */
    static String link(JsonPath bundle, String relation) {
        List<Map<String, String>> links = bundle.getList("link");
        return links.stream().filter(l -> relation.equals(l.get("relation"))).map(l -> l.get("url")).findFirst()
                .orElse(null);
    }

    @Test
    void pagesFollowTheNextLinkAndAddUpToTheTotal() {
        Instant from = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);
        Instant to = from.plus(Duration.ofDays(1));
        JsonPath page = get("/fhir/Slot", Map.of("start", List.of("ge" + from, "lt" + to), "status", "free",
                "_count", 50));
        int total = page.getInt("total");
        // At least one practitioner every hour: three 20-minute slots an hour, for 24 hours.
        assertTrue(total >= 72, "total " + total);
        List<String> ids = new ArrayList<>();
        Instant previous = Instant.MIN;
        int pages = 0;
        while (true) {
            pages++;
            assertEquals("searchset", page.getString("type"));
            assertEquals(total, page.getInt("total"));
            assertTrue(page.getList("entry").size() <= 50);
            for (Map<String, Object> entry : page.<Map<String, Object>>getList("entry")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> slot = (Map<String, Object>) entry.get("resource");
                assertEquals("Slot", slot.get("resourceType"));
                assertEquals("free", slot.get("status"));
                Instant start = Instant.parse((String) slot.get("start"));
                assertFalse(start.isBefore(from) || !start.isBefore(to), "start " + start);
                assertFalse(start.isBefore(previous), "ordered by start");
                previous = start;
                assertEquals(Duration.ofMinutes(20), Duration.between(start, Instant.parse((String) slot.get("end"))));
                @SuppressWarnings("unchecked")
                Map<String, String> schedule = (Map<String, String>) slot.get("schedule");
                assertTrue(schedule.get("reference").startsWith("Schedule/"));
                assertTrue(((String) entry.get("fullUrl")).endsWith("/fhir/Slot/" + slot.get("id")));
                ids.add((String) slot.get("id"));
            }
            String next = link(page, "next");
            if (next == null) {
                break;
            }
            assertTrue(next.contains("_offset=" + ids.size()), next);
            page = given().urlEncodingEnabled(false).header("Authorization", bearer("agent")).get(next).then().statusCode(200).extract().jsonPath();
        }
        assertEquals(total, ids.size());
        assertEquals(total, new HashSet<>(ids).size(), "slot ids are unique");
        assertEquals((total + 49) / 50, pages);
    }

    @Test
    void countIsClampedAndTheDefaultWindowIsTwoWeeksFromNow() {
        JsonPath first = get("/fhir/Slot", Map.of("_count", 100000));
        assertEquals(200, first.getList("entry").size());
        int total = first.getInt("total");
        // Two weeks of slots: at least 3 an hour (more on weekdays), none beyond 14 days.
        assertTrue(total >= 14 * 24 * 3, "total " + total);
        JsonPath last = get("/fhir/Slot", Map.of("_count", 10, "_offset", total - 5));
        Instant lastStart = Instant.parse(last.getString("entry[-1].resource.start"));
        assertTrue(lastStart.isBefore(Instant.now().plus(Duration.ofDays(14))));
        assertTrue(lastStart.isAfter(Instant.now().plus(Duration.ofDays(14)).minus(Duration.ofHours(1))));
        assertNull(link(last, "next"));
        Instant firstStart = Instant.parse(first.getString("entry[0].resource.start"));
        assertTrue(firstStart.isAfter(Instant.now().minusSeconds(60)) && firstStart.isBefore(Instant.now().plus(Duration.ofMinutes(21))));
        assertEquals(1, get("/fhir/Slot", Map.of("_count", 0)).getList("entry").size());
    }

    @Test
    void daysAndThePrefixesSelectStarts() {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(5);
        Instant midnight = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        JsonPath onDay = get("/fhir/Slot", Map.of("start", List.of("ge" + day, "le" + day), "_count", 200));
        int total = onDay.getInt("total");
        assertEquals(midnight.toString(), onDay.getString("entry[0].resource.start"));
        onDay.getList("entry.resource.start", String.class).forEach(s -> assertEquals(day.toString(), s.substring(0, 10)));
        assertEquals(total, get("/fhir/Slot", Map.of("start", List.of("ge" + midnight, "lt" + midnight.plus(Duration.ofDays(1)))))
                .getInt("total"));
        // gt excludes the instant itself; a day after gt or before lt is the whole day
        assertEquals(total - 1, get("/fhir/Slot", Map.of("start", List.of("gt" + midnight, "lt" + day.plusDays(1)))).getInt("total"));
        assertEquals(total, get("/fhir/Slot", Map.of("start", List.of("gt" + day.minusDays(1), "lt" + day.plusDays(1)))).getInt("total"));
        // no prefix means eq, as in FHIR: within that day
        assertEquals(total, get("/fhir/Slot", Map.of("start", day.toString(), "_count", 200)).getInt("total"));
        Instant at = Instant.parse(onDay.getString("entry[3].resource.start"));
        JsonPath exactly = get("/fhir/Slot", Map.of("start", List.of("ge" + at, "le" + at)));
        assertTrue(exactly.getInt("total") >= 1);
        exactly.getList("entry.resource.start", String.class).forEach(s -> assertEquals(at, Instant.parse(s)));
    }

    @Test
    void onlyFreeAndBusyStatusesAreServed() {
        for (String status : List.of("busy-tentative", "entered-in-error", "open", "free,bogus")) {
            given().header("Authorization", bearer("agent")).queryParam("status", status).get("/fhir/Slot")
                    .then().statusCode(400)
                    .body("resourceType", equalTo("OperationOutcome"))
                    .body("issue[0].details.coding[0].code", equalTo("unsupported-status"))
                    .body("issue[0].diagnostics", containsString("free and busy"));
        }
        Instant from = Instant.now().plus(Duration.ofDays(1));
        Map<String, Object> window = Map.of("start", List.of("ge" + from, "lt" + from.plus(Duration.ofHours(2))));
        JsonPath free = get("/fhir/Slot", merge(window, Map.of("status", "http://hl7.org/fhir/slotstatus|free")));
        JsonPath busy = get("/fhir/Slot", merge(window, Map.of("status", "busy")));
        JsonPath any = get("/fhir/Slot", window);
        assertEquals(any.getInt("total"), free.getInt("total") + busy.getInt("total"));
        assertTrue(free.getInt("total") > 0);
        busy.getList("entry.resource.status", String.class).forEach(s -> assertEquals("busy", s));
        // Two status parameters must both match: free and busy together match nothing.
        assertEquals(0, get("/fhir/Slot", merge(window, Map.of("status", List.of("free", "busy")))).getInt("total"));
    }

    static Map<String, Object> merge(Map<String, ?> a, Map<String, ?> b) {
        Map<String, Object> m = new java.util.HashMap<>(a);
        m.putAll(b);
        return m;
    }

    @Test
    void badDatesAre400() {
        List<List<String>> bad = List.of(
                List.of("geyesterday"), List.of("tomorrow"), List.of("xx2030-01-01T00:00:00Z"),
                List.of("ge2030-02-30"), List.of("ge2030-01-01T10:00:00"),
                List.of("ge2030-01-01T00:00:00Z", "lt2030-03-01T00:00:00Z"),
                List.of("ge2030-01-10T00:00:00Z", "lt2030-01-09T00:00:00Z"),
                List.of("lt2020-01-01T00:00:00Z"));
        for (List<String> start : bad) {
            given().header("Authorization", bearer("agent")).queryParam("start", start).get("/fhir/Slot")
                    .then().statusCode(400)
                    .contentType(containsString("application/fhir+json"))
                    .body("resourceType", equalTo("OperationOutcome"))
                    .body("issue[0].severity", equalTo("error"));
        }
        given().header("Authorization", bearer("agent")).queryParam("_count", "ten").get("/fhir/Slot")
                .then().statusCode(400).body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void aSlotIsReadByItsStableIdAndItsScheduleIsValid() {
        Instant from = Instant.now().plus(Duration.ofDays(3));
        JsonPath search = get("/fhir/Slot", Map.of("start", "ge" + from, "_count", 1));
        Map<String, Object> slot = search.getMap("entry[0].resource");
        String id = (String) slot.get("id");
        JsonPath read = get("/fhir/Slot/" + id, Map.of());
        assertEquals(id, read.getString("id"));
        assertEquals(slot.get("start"), read.getString("start"));
        assertEquals("free", read.getString("status"));
        // the same slot has the same id in a later search
        assertEquals(id, get("/fhir/Slot", Map.of("start", "ge" + from, "_count", 1)).getString("entry[0].resource.id"));

        String schedule = read.getString("schedule.reference");
        given().header("Authorization", bearer("ehr")).get("/fhir/" + schedule).then().statusCode(200)
                .body("resourceType", equalTo("Schedule"))
                .body("id", equalTo(schedule.substring("Schedule/".length())))
                .body("active", equalTo(true))
                .body("actor", hasSize(1))
                .body("actor[0].identifier.system", equalTo("https://safeline.health/fhir/NamingSystem/practitioner"))
                .body("actor[0].identifier.value", notNullValue())
                .body("actor[0].display", notNullValue())
                .body("planningHorizon.start", notNullValue())
                .body("comment", containsString("20-minute slots"));

        // not a slot start of that schedule, a slot that has started, a malformed id, no such schedule
        Instant start = Instant.parse((String) slot.get("start"));
        String scheduleId = schedule.substring("Schedule/".length());
        for (String missing : List.of(scheduleId + "-" + (start.getEpochSecond() + 60), scheduleId + "-1700000000",
                "00000000-0000-0000-0000-000000000000-" + start.getEpochSecond())) {
            given().header("Authorization", bearer("agent")).get("/fhir/Slot/" + missing).then().statusCode(404)
                    .body("resourceType", equalTo("OperationOutcome"));
        }
        // valid FHIR ids that are no Slot id of ours: 404; ids that are no FHIR id: 400
        for (String foreign : List.of("abc", scheduleId, scheduleId + "-x1")) {
            given().header("Authorization", bearer("agent")).get("/fhir/Slot/" + foreign).then().statusCode(404)
                    .body("resourceType", equalTo("OperationOutcome"));
        }
        for (String malformed : List.of("a_b", "x".repeat(65))) {
            given().header("Authorization", bearer("agent")).get("/fhir/Slot/" + malformed).then().statusCode(400)
                    .body("resourceType", equalTo("OperationOutcome"));
        }
        given().header("Authorization", bearer("agent")).get("/fhir/Schedule/" + java.util.UUID.randomUUID())
                .then().statusCode(404).body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void slotsAreForStaffAndEhrsWithAValidToken() {
        given().get("/fhir/Slot").then().statusCode(401).body("resourceType", equalTo("OperationOutcome"));
        given().header("Authorization", "Bearer " + health.safeline.shared.testing.TestTokens.forged("ehr"))
                .get("/fhir/Slot").then().statusCode(401);
        for (String role : List.of("agent", "clinician", "supervisor", "ehr")) {
            given().header("Authorization", bearer(role)).queryParam("_count", 1).get("/fhir/Slot").then().statusCode(200);
        }
        for (String role : List.of("auditor", "service")) {
            given().header("Authorization", bearer(role)).get("/fhir/Slot").then().statusCode(403);
            given().header("Authorization", bearer(role)).get("/fhir/Appointment").then().statusCode(403);
        }
    }

    @Test
    void everySlotInAPageHasTheRequiredElements() {
        get("/fhir/Slot", Map.of("_count", 20)).getList("entry.resource", Map.class).forEach(r -> {
            for (String element : Set.of("id", "schedule", "status", "start", "end")) {
                assertTrue(r.containsKey(element), element);
            }
        });
        given().header("Authorization", bearer("agent")).queryParam("_count", 5).get("/fhir/Slot")
                .then().body("entry.search.mode", everyItem(equalTo("match")));
    }
}
