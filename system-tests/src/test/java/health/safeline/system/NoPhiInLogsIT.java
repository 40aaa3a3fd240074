package health.safeline.system;

import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.system.Suite.Service;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drives the whole flow with recognisable names, phone numbers, birth dates, narratives and clinician notes,
 * including refused and malformed requests, and asserts that none of them reaches any service's log.
 */
class NoPhiInLogsIT {

    static final Suite SUITE = new Suite();
    static final Map<Service, Long> LOG_START = new EnumMap<>(Service.class);
    static final String SURNAME = "Quixotesworth";
    static final String GIVEN = "Zebulon";
    static final String PHONE = "+1-555-0199-7731";
    static final String BIRTH = "1937-04-23";
    static final String NARRATIVE_WORD = "xylophonist";
    static final String NOTE = "Spoke with Mrs Quixotesworth-Abernathy at home";
    static final String MRN = "MRN-PHI-" + UUID.randomUUID();

    @BeforeAll
    static void start() throws Exception {
        for (Service s : Service.values()) {
            Path log = Suite.logPath(s.module());
            LOG_START.put(s, Files.exists(log) ? Files.size(log) : 0L);
        }
        SUITE.startAll();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        SUITE.stopAll();
    }

    static String call(String reason, String narrative) {
        return """
                {"patient": {"identifier": "%s", "name": "%s %s", "birthDate": "%s", "sex": "male", "phone": "%s"},
                 "reason": "%s", "narrative": "%s"}""".formatted(MRN, GIVEN, SURNAME, BIRTH, PHONE, reason, narrative);
    }

    static JsonPath intake(String reason, String narrative) throws InterruptedException {
        return SafetyPathIT.triaged(Service.INTAKE.url(), given().baseUri(Service.INTAKE.url())
                .header("Authorization", bearer("agent")).contentType(ContentType.JSON).body(call(reason, narrative))
                .post("/api/v1/intakes").then().statusCode(201).extract().jsonPath());
    }

    @Test
    void namesPhonesBirthDatesNarrativesAndNotesNeverReachTheLogs() throws Exception {
        // a red-flag call: escalated, refused for booking, acknowledged and resolved with a note
        JsonPath red = intake("leg pain", GIVEN + " the " + NARRATIVE_WORD + " says his left calf is swollen, red "
                + "and painful since yesterday, call him on " + PHONE);
        String escalationId = red.getString("triage.escalationId");
        assertTrue(escalationId != null, red.prettify());
        String encounterId = red.getString("encounterId");
        SafetyPathIT.book(encounterId, SafetyPathIT.firstFreeSlot()).then().statusCode(409);
        SafetyPathIT.eventually(() -> SafetyPathIT.worklist(encounterId).isEmpty() ? null : true, "escalated");
        given().baseUri(Service.ESCALATION.url()).header("Authorization", bearer("clinician"))
                .post("/api/v1/escalations/" + escalationId + "/ack").then().statusCode(200);
        given().baseUri(Service.ESCALATION.url()).header("Authorization", bearer("clinician"))
                .contentType(ContentType.JSON)
                .body(Map.of("outcome", "clear-for-booking", "note", NOTE + " " + PHONE, "bookingWindowHours", 24))
                .post("/api/v1/escalations/" + escalationId + "/resolve").then().statusCode(200);

        // a routine call, booked
        JsonPath routine = intake("prescription refill", GIVEN + " needs a refill of his statin, feels fine");
        SafetyPathIT.book(routine.getString("encounterId"), SafetyPathIT.firstFreeSlot()).then().statusCode(201);

        // refused and malformed input carrying PHI
        given().baseUri(Service.INTAKE.url()).header("Authorization", bearer("agent")).contentType(ContentType.JSON)
                .body(call("leg pain", "x").replace("\"sex\": \"male\"", "\"sex\": \"" + SURNAME + "\""))
                .post("/api/v1/intakes").then().statusCode(400);
        given().baseUri(Service.INTAKE.url()).header("Authorization", bearer("agent")).contentType(ContentType.JSON)
                .body("{\"patient\": {\"identifier\": \"" + MRN + "\", \"name\": \"" + GIVEN + "\"}, \"reason\": 5, "
                        + "\"narrative\": \"" + NARRATIVE_WORD + "\"")
                .post("/api/v1/intakes").then().statusCode(400);
        given().baseUri(Service.INTAKE.url()).get("/api/v1/intakes/" + SURNAME).then().statusCode(401);

        Thread.sleep(3_000); // background re-triage, outbox and notification runs log after the requests
        List<String> leaks = new ArrayList<>();
        for (Service s : Service.values()) {
            String log = readFrom(Suite.logPath(s.module()), LOG_START.get(s));
            assertFalse(log.isBlank(), s.module() + " logged nothing: the check would be empty");
            for (String phi : List.of(SURNAME, GIVEN, PHONE, BIRTH, NARRATIVE_WORD, NOTE, "0199-7731", MRN)) {
                if (log.contains(phi)) {
                    int at = log.indexOf(phi);
                    leaks.add(s.module() + ": " + log.substring(Math.max(0, at - 120), Math.min(log.length(), at + 40)));
                }
            }
        }
        assertEquals(List.of(), leaks);
    }

    static String readFrom(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long start = offset <= f.length() ? offset : 0;
            byte[] bytes = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
