package health.safeline.escalation;

import com.sun.net.httpserver.HttpServer;
import health.safeline.shared.testing.HttpStub;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP webhook receiver for the escalation-service under test: records every request and answers
 * 503 to the first {@code failures} requests about an escalation listed in {@link #failFirst}.
 */
public class WebhookReceiver extends HttpStub {

    public static final String SECRET = "test-webhook-secret";

    /** Injected into test fields of type WebhookReceiver annotated with this. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Inject {
    }

    public record Received(Map<String, String> headers, String body, int answered) {
    }

    public final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

    /** Answers 503 to the next {@code times} notifications about {@code escalationId}. */
    public void failFirst(String escalationId, int times) {
        failures.put(escalationId, new AtomicInteger(times));
    }

    @Override
    protected Map<String, String> serve(HttpServer server, String baseUrl) {
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = failures.entrySet().stream()
                    .anyMatch(f -> body.contains(f.getKey()) && f.getValue().getAndDecrement() > 0) ? 503 : 204;
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            received.add(new Received(headers, body, status));
            respond(exchange, status, null, null);
        });
        return Map.of("safeline.escalation.notify.webhook.url",
                baseUrl + "/hook",
                "safeline.escalation.notify.webhook.secret", SECRET,
                "safeline.escalation.notify.max-backoff", "1s",
                "safeline.escalation.notify.link-base", "https://safeline.example");
    }

    @Override
    protected Class<Inject> injectInto() {
        return Inject.class;
    }
}
