package health.safeline.escalation;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The rest-hook receivers of the Subscription tests, started before the application so that their ports can be
 * put on the allow-list (loopback endpoints are refused otherwise): {@link #receiver} for ordinary tests and
 * {@link #other} on another port (another endpoint origin, e.g. a slow one), both under {@code /hook/} for the
 * default test client ({@code test-ehr}) and {@code ehr-client-a}; {@code ehr-client-b} has no allow-list.
 */
public class Receivers implements QuarkusTestResourceLifecycleManager {

    static FhirReceiver receiver;
    static FhirReceiver other;

    @Override
    public synchronized Map<String, String> start() {
        if (receiver == null) {
            receiver = FhirReceiver.start();
            other = FhirReceiver.start();
        }
        String list = String.join(",", entry("test-ehr", receiver), entry("test-ehr", other),
                entry("ehr-client-a", receiver), entry("ehr-client-a", other));
        return Map.of("safeline.escalation.subscriptions.allow-list", list);
    }

    private static String entry(String client, FhirReceiver r) {
        return client + "=" + r.url("/hook/");
    }

    @Override
    public void stop() {
        // both live as long as the test JVM: the application may still deliver while it stops
    }
}
