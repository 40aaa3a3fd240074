package health.safeline.intake;

import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.shared.testing.ConsoleChecks;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The agent console: static files served without a token, under a strict CSP, with no HTML built from data. */
@QuarkusTest
class AgentConsoleTest {

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
    void cspLetsThePageCallSchedulingOnly() {
        ConsoleChecks.securityHeaders(" http://localhost:8083");
    }

    @Test
    void theFormHasEveryFieldOfTheIntakeContractWithUnits() throws IOException {
        String html = Files.readString(ConsoleChecks.SOURCES.resolve("index.html"));
        for (String id : new String[] {"identifier", "name", "birthDate", "sex", "phone", "reason", "narrative",
                "systolic", "diastolic", "heartRate", "respiratoryRate", "temperatureC", "spo2", "glucose"}) {
            assertTrue(html.contains("<label for=\"" + id + "\""), "label for " + id);
        }
        for (String unit : new String[] {"mmHg", "beats/min", "breaths/min", "°C", "%", "mg/dL"}) {
            assertTrue(html.contains(unit), unit);
        }
        String js = Files.readString(ConsoleChecks.SOURCES.resolve("agent.js"));
        // the emergency and urgent panels say what to do, and booking needs an active clearance
        assertTrue(js.contains("Tell the caller to hang up and dial 911 now."));
        assertTrue(js.contains("level !== 'emergency' && level !== 'urgent'"));
        assertTrue(js.contains("clearance.status === 'active'"));
    }
}
