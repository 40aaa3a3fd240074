package health.safeline.intake;

import static health.safeline.shared.testing.TestTokens.bearer;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
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
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/intakes HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + bearer("agent")
                    + "\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{").getBytes(StandardCharsets.UTF_8));
            out.flush();
            long started = System.nanoTime();
            Thread trickle = new Thread(() -> {
                try {
                    for (int i = 0; i < 50; i++) {
                        Thread.sleep(200);
                        out.write(' ');
                        out.flush();
                    }
                } catch (IOException | InterruptedException closed) {
                    // the server closed the connection: what the test waits for
                }
            });
            trickle.setDaemon(true);
            trickle.start();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(answer.contains("\"OperationOutcome\""), answer);
            assertTrue(took.compareTo(Duration.ofSeconds(2)) <= 0, "closed after " + took);
        }
    }
}
