package health.safeline.scheduling;

import com.sun.net.httpserver.HttpServer;
import health.safeline.shared.testing.HttpStub;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP stand-in for triage-service's {@code GET /api/v1/clearances/{encounterId}}: answers the clearance
 * a test put for an encounter, 404 for any other, and 500 for encounters listed in {@link #failing}. It checks
 * that scheduling sends a bearer token.
 */
public class TriageStub extends HttpStub {

    public static final String ESCALATION_BASE = "https://escalation.example/";
    public static final String SOURCE_URL = "https://triage.example/api/v1/protocol";

    /** Injected into test fields of type TriageStub annotated with this. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Inject {
    }

    private final Map<String, String> clearances = new ConcurrentHashMap<>();
    public final Set<String> failing = ConcurrentHashMap.newKeySet();
    public final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();

    /** Triage holds a clearance with this status and window for the encounter of patient {@code p1}. */
    public String clear(String encounterId, String status, Instant windowStart, Instant windowEnd) {
        return clear(encounterId, "p1", status, windowStart, windowEnd);
    }

    /** Triage holds a clearance with this status and window for the encounter of {@code patientId}. */
    public String clear(String encounterId, String patientId, String status, Instant windowStart, Instant windowEnd) {
        String id = UUID.randomUUID().toString();
        clearances.put(encounterId, "{\"id\":\"" + id + "\",\"encounterId\":\"" + encounterId
                + "\",\"source\":\"protocol\",\"status\":\"" + status + "\",\"windowStart\":\"" + windowStart
                + "\",\"windowEnd\":\"" + windowEnd + "\",\"patientId\":\"" + patientId + "\"}");
        return id;
    }

    public int asked(String encounterId) {
        AtomicInteger n = asked.get(encounterId);
        return n == null ? 0 : n.get();
    }

    @Override
    protected Map<String, String> serve(HttpServer server, String baseUrl) {
        server.createContext("/api/v1/clearances/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String encounterId = path.substring(path.lastIndexOf('/') + 1);
            asked.computeIfAbsent(encounterId, k -> new AtomicInteger()).incrementAndGet();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String body = clearances.get(encounterId);
            int status = auth == null || !auth.startsWith("Bearer ") ? 401
                    : failing.contains(encounterId) ? 500 : body == null ? 404 : 200;
            respond(exchange, status, "application/json", status == 200 ? body : null);
        });
        return Map.of("quarkus.rest-client.triage.url", baseUrl,
                "safeline.scheduling.escalation-link-base", ESCALATION_BASE,
                "safeline.scheduling.triage-source-url", SOURCE_URL);
    }

    @Override
    protected Class<Inject> injectInto() {
        return Inject.class;
    }
}
