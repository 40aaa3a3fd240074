package health.safeline.intake;

import static health.safeline.shared.testing.TestTokens.bearer;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.shared.testing.SlowRequests;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A request body trickled a byte at a time is cut off at {@code safeline.http.body-timeout} (shared RequestGuard). */
@QuarkusTest
@TestProfile(SlowBodyTest.ShortBodyTimeout.class)
class SlowBodyTest {

    public static class ShortBodyTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("safeline.http.body-timeout", "1s");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void aBodyTrickledAByteAtATimeGetsA408AndItsConnectionClosedWithinTwiceTheTimeout() throws Exception {
        SlowRequests.Answer answer = SlowRequests.trickleBody(base.getHost(), base.getPort(),
                "POST /api/v1/intakes HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + bearer("agent")
                        + "\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{", Duration.ofMillis(200));
        assertTrue(answer.text().startsWith("HTTP/1.1 408"), answer.text());
        assertTrue(answer.text().contains("\"OperationOutcome\""), answer.text());
        assertTrue(answer.took().compareTo(Duration.ofSeconds(2)) <= 0, "closed after " + answer.took());
    }
}
