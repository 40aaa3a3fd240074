package health.safeline.escalation;

import static health.safeline.escalation.EscalationResourceTest.ack;
import static health.safeline.escalation.EscalationResourceTest.escalate;
import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.escalation.notify.WebhookChannel;
import health.safeline.api.TriageLevel;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Worklist changes reach a real webhook receiver, signed, retried until accepted, every attempt recorded. */
@QuarkusTest
@WithTestResource(WebhookReceiver.class)
class NotificationTest {

    @WebhookReceiver.Inject
    WebhookReceiver receiver;

    /** Waits for the webhook call of {@code event} about {@code id} that the receiver accepted. */
    WebhookReceiver.Received awaitAccepted(String id, String event) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<WebhookReceiver.Received> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            WebhookReceiver.Received r = receiver.received.poll(200, TimeUnit.MILLISECONDS);
            if (r == null) {
                continue;
            }
            JsonPath body = JsonPath.from(r.body());
            if (id.equals(body.getString("escalationId")) && event.equals(body.getString("event"))
                    && r.answered() == 204) {
                receiver.received.addAll(seen);
                return r;
            }
            seen.add(r);
        }
        receiver.received.addAll(seen);
        throw new AssertionError("no accepted " + event + " notification for " + id);
    }

    @Test
    void worklistChangesArePostedSignedAndWithoutPhi() throws Exception {
        String id = escalate(UUID.randomUUID().toString(), TriageLevel.URGENT);
        WebhookReceiver.Received triggered = awaitAccepted(id, "triggered");

        JsonPath body = JsonPath.from(triggered.body());
        assertEquals("asap", body.getString("priority"));
        assertEquals("triggered", body.getString("status"));
        assertEquals(1, body.getInt("tier"));
        assertEquals("https://safeline.example/api/v1/escalations/" + id, body.getString("link"));
        assertEquals("triggered", triggered.headers().get(WebhookChannel.EVENT.toLowerCase()));
        assertEquals(body.getString("eventId"), triggered.headers().get(WebhookChannel.EVENT_ID.toLowerCase()));
        // the caller's words and the reason stay inside Safeline
        assertFalse(triggered.body().contains("calf"), triggered.body());
        assertFalse(triggered.body().contains("leg pain"), triggered.body());

        String signature = triggered.headers().get(WebhookChannel.SIGNATURE.toLowerCase());
        assertNotNull(signature);
        String t = signature.substring(2, signature.indexOf(','));
        assertTrue(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t)) < 60);
        assertEquals("t=" + t + ",v1=" + WebhookChannel.sign(WebhookReceiver.SECRET.getBytes(StandardCharsets.UTF_8),
                t + "." + triggered.body()), signature);
        assertFalse(signature.endsWith(WebhookChannel.sign("another-secret".getBytes(StandardCharsets.UTF_8),
                t + "." + triggered.body())));

        ack(id, "clinician").then().statusCode(200);
        WebhookReceiver.Received acknowledged = awaitAccepted(id, "acknowledged");
        assertTrue(JsonPath.from(acknowledged.body()).getLong("eventId") > body.getLong("eventId"));
    }

    @Test
    void aRefusedDeliveryIsRetriedUntilAcceptedAndEveryAttemptIsRecorded() throws Exception {
        String id = UUID.randomUUID().toString();
        receiver.failFirst(id, 2);
        EscalationResourceTest.deliver(EscalationResourceTest.alert(id, UUID.randomUUID().toString(),
                TriageLevel.URGENT)).then().statusCode(201);
        awaitAccepted(id, "triggered");

        JsonPath deliveries = given().header("Authorization", bearer("supervisor"))
                .get("/api/v1/escalations/" + id + "/notifications")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("triggered", deliveries.getString("[0].event"));
        assertEquals("webhook", deliveries.getString("[0].channel"));
        assertEquals("delivered", deliveries.getString("[0].status"));
        assertEquals(List.of("failed", "failed", "delivered"), deliveries.getList("[0].attempts.outcome"));
        assertEquals(List.of(503, 503, 204), deliveries.getList("[0].attempts.httpStatus"));
        assertEquals(List.of(1, 2, 3), deliveries.getList("[0].attempts.attempt"));

        given().header("Authorization", bearer("clinician")).get("/api/v1/escalations/" + id + "/notifications")
                .then().statusCode(403);
        given().header("Authorization", bearer("supervisor"))
                .get("/api/v1/escalations/" + UUID.randomUUID() + "/notifications")
                .then().statusCode(404).body("resourceType", equalTo("OperationOutcome"));
    }
}
