package health.safeline.intake;

import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.shared.testing.ConsoleContract;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The agent console: the shared console contract, and a form with every field of the intake contract. */
@QuarkusTest
class AgentConsoleTest extends ConsoleContract {

    @Override
    protected List<String> roles() {
        return List.of("agent");
    }

    @Override
    protected String connectSrcAfterSelf() {
        return "http://localhost:8083 http://identity-provider.invalid/realms/safeline/protocol/openid-connect/token";
    }

    @Override
    protected String pathAllowedFor(String role) {
        return "/api/v1/intakes/" + UUID.randomUUID();
    }

    @Test
    void theFormHasEveryFieldOfTheIntakeContractWithUnits() throws IOException {
        String html = Files.readString(SOURCES.resolve("index.html"));
        for (String id : new String[] {"identifier", "name", "birthDate", "sex", "phone", "reason", "narrative",
                "systolic", "diastolic", "heartRate", "respiratoryRate", "temperatureC", "spo2", "glucose"}) {
            assertTrue(html.contains("<label for=\"" + id + "\""), "label for " + id);
        }
        for (String unit : new String[] {"mmHg", "beats/min", "breaths/min", "°C", "%", "mg/dL"}) {
            assertTrue(html.contains(unit), unit);
        }
    }
}
