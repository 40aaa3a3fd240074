package health.safeline.escalation.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.escalation.config.EscalationConfig;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The allow-list and the address check of one endpoint, with literal addresses (no DNS). */
class EndpointGuardTest {

    static EndpointGuard guard(List<String> allowList, List<String> cluster) {
        EscalationConfig.Subscriptions config = (EscalationConfig.Subscriptions) Proxy.newProxyInstance(
                EndpointGuardTest.class.getClassLoader(), new Class<?>[] {EscalationConfig.Subscriptions.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "allowList" -> Optional.of(allowList);
                    case "blockedNetworks" -> Optional.of(cluster);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new EndpointGuard(config, null);
    }

    static final EndpointGuard GUARD = guard(List.of("ehr-a=http://127.0.0.1:9000/hook/",
            "ehr-a=https://EHR-A.example.org/safeline", "ehr-b = https://ehr-b.example:8443/"), List.of("198.51.99.0/24"));

    @ParameterizedTest
    @CsvSource({
        "ehr-a, http://127.0.0.1:9000/hook/x, true", "ehr-a, http://127.0.0.1:9000/hook/, true",
        "ehr-a, http://127.0.0.1:9000/hook, false", "ehr-a, http://127.0.0.1:9001/hook/x, false",
        "ehr-a, https://127.0.0.1:9000/hook/x, false", "ehr-a, http://localhost:9000/hook/x, false",
        "ehr-a, http://127.0.0.1:9000/hook/%2e%2e/admin, false", "ehr-a, http://127.0.0.1:9000/hook/../admin, false",
        "ehr-a, https://ehr-a.example.org/safeline, true", "ehr-a, https://ehr-a.example.org:443/safeline/in, true",
        "ehr-a, https://ehr-a.example.org/safelinex, false", "ehr-a, https://ehr-a.example.org.evil/safeline, false",
        "ehr-b, https://ehr-b.example:8443/anything, true", "ehr-b, https://ehr-b.example/anything, false",
        "ehr-b, http://127.0.0.1:9000/hook/x, false", "ehr-c, https://ehr-a.example.org/safeline, false"})
    void theAllowListIsPerClientAndByOriginAndPathPrefix(String client, String endpoint, boolean listed) {
        assertEquals(listed, GUARD.allowListed(client, URI.create(endpoint)), client + " " + endpoint);
    }

    static String refusal(String client, String endpoint) {
        return assertThrows(EndpointGuard.Refused.class, () -> GUARD.address(client, URI.create(endpoint)).await()
                .atMost(Duration.ofSeconds(5))).reason();
    }

    @Test
    void internalLiteralsAreRefusedUnlessAllowListed() throws Exception {
        assertEquals("loopback", refusal("ehr-b", "http://127.0.0.1:9000/hook/x"));
        assertEquals("loopback", refusal("ehr-a", "http://127.0.0.1:9000/elsewhere"));
        assertEquals("loopback", refusal("ehr-a", "http://[::1]:9000/hook/x"));
        assertEquals("loopback", refusal("ehr-a", "http://[::ffff:127.0.0.1]:9000/hook/x"));
        assertEquals("private", refusal("ehr-a", "http://10.0.0.7/hook/x"));
        assertEquals("cluster", refusal("ehr-a", "http://198.51.99.20/hook/x"));
        assertEquals("unspecified", refusal("ehr-a", "http://0.0.0.0:9000/"));
        assertEquals(InetAddress.getByName("127.0.0.1"), GUARD.address("ehr-a",
                URI.create("http://127.0.0.1:9000/hook/x")).await().atMost(Duration.ofSeconds(5)));
        assertEquals(InetAddress.getByName("8.8.8.8"), GUARD.address("ehr-b", URI.create("https://8.8.8.8/x"))
                .await().atMost(Duration.ofSeconds(5)));
    }

    @Test
    void originsUseTheEffectivePort() {
        assertEquals("https://ehr.example:443", EndpointGuard.origin(URI.create("https://EHR.example/a?b")));
        assertEquals("http://ehr.example:8080", EndpointGuard.origin(URI.create("http://ehr.example:8080/")));
        assertTrue(EndpointGuard.origin(URI.create("http://ehr.example/")).endsWith(":80"));
        assertFalse(EndpointGuard.origin(URI.create("http://[::1]:9/")).isEmpty());
    }

    @Test
    void aBadAllowListEntryStopsTheStart() {
        for (String bad : List.of("no-equals-sign", "=https://x.example/", "ehr=ftp://x.example/",
                "ehr=https://user:pw@x.example/", "ehr=https://x.example/?q=1", "ehr=not a url")) {
            assertThrows(IllegalArgumentException.class, () -> guard(List.of(bad), List.of()), bad);
        }
    }
}
