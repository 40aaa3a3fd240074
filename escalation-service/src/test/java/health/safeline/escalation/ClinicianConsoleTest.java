package health.safeline.escalation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.shared.testing.ConsoleContract;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The clinician console: the shared console contract, and the stream read with the bearer token. */
@QuarkusTest
class ClinicianConsoleTest extends ConsoleContract {

    @Override
    protected List<String> roles() {
        return List.of("clinician", "supervisor");
    }

    @Override
    protected String connectSrcAfterSelf() {
        return "http://identity-provider.invalid/realms/safeline/protocol/openid-connect/token";
    }

    @Override
    protected String pathAllowedFor(String role) {
        return "/api/v1/escalations?limit=1";
    }

    @Test
    void theStreamIsReadWithFetchBecauseEventSourceCannotSendTheToken() throws IOException {
        String js = Files.readString(SOURCES.resolve("clinician.js"));
        assertFalse(js.contains("new EventSource"), "EventSource");
        assertTrue(js.contains("fetch('/api/v1/escalations/stream'") && js.contains("getReader()"));
    }
}
