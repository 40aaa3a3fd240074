package health.safeline.escalation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.shared.testing.ConsoleChecks;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The clinician console: static files served without a token, under a strict CSP, with no HTML built from data. */
@QuarkusTest
class ClinicianConsoleTest {

    @Test
    void servedWithoutATokenAsHtml() throws IOException {
        ConsoleChecks.servedWithoutToken();
    }

    @Test
    void loadsNothingFromAnotherOrigin() throws IOException {
        ConsoleChecks.nothingFromOtherOrigins();
    }

    @Test
    void scriptsNeverBuildHtmlFromDataNorStoreTheToken() throws IOException {
        ConsoleChecks.scriptsUseTheDomAndMemoryOnly();
    }

    @Test
    void cspLetsThePageCallThisServiceOnly() {
        ConsoleChecks.securityHeaders(";");
    }

    @Test
    void theStreamIsReadWithFetchAndTheBearerToken() throws IOException {
        String js = Files.readString(ConsoleChecks.SOURCES.resolve("clinician.js"));
        // EventSource cannot send the Authorization header
        assertTrue(!js.contains("new EventSource"), "EventSource");
        assertTrue(js.contains("fetch('/api/v1/escalations/stream'") && js.contains("getReader()"));
        assertTrue(js.contains("'Bearer ' + token"));
        for (String outcome : new String[] {"sent-to-ed", "advised-911", "callback-completed", "clear-for-booking"}) {
            assertTrue(js.contains("'" + outcome + "'"), outcome);
        }
    }
}
