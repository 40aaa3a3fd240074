package health.safeline.escalation.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.safeline.escalation.config.EscalationConfig;
import health.safeline.shared.persistence.Timeouts;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs each notification as JSON to {@code safeline.escalation.notify.webhook.url}, signed like common
 * webhook providers: header {@value #SIGNATURE} = {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>" with the shared secret>}. Receivers recompute it, compare in constant time and reject old
 * timestamps; {@value #EVENT_ID} de-duplicates retries. Any 2xx accepts the notification.
 */
@ApplicationScoped
public class WebhookChannel implements NotificationChannel {

    public static final String NAME = "webhook";
    public static final String SIGNATURE = "X-Safeline-Signature";
    public static final String EVENT = "X-Safeline-Event";
    public static final String EVENT_ID = "X-Safeline-Event-Id";

    private final EscalationConfig.Webhook config;
    private final ObjectMapper json;
    private final HttpClient client;
    private final byte[] secret;

    WebhookChannel(EscalationConfig config, ObjectMapper json, Vertx vertx) {
        this.config = config.notifications().webhook();
        this.json = json;
        if (this.config.url().isPresent() && this.config.secret().filter(s -> !s.isBlank()).isEmpty()) {
            throw new IllegalStateException("safeline.escalation.notify.webhook.secret is required with a webhook url");
        }
        this.secret = this.config.secret().map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(null);
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) this.config.connectTimeout().toMillis())
                .setMaxPoolSize(4));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean enabled() {
        return config.url().isPresent();
    }

    @Override
    public Uni<Integer> send(Notification notification) {
        String body;
        try {
            body = json.writeValueAsString(notification);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        long timestamp = Instant.now().getEpochSecond();
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST)
                .setAbsoluteURI(config.url().orElseThrow())
                .setIdleTimeout(config.timeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader(EVENT, notification.event())
                .putHeader(EVENT_ID, Long.toString(notification.eventId()))
                .putHeader(SIGNATURE, "t=" + timestamp + ",v1=" + sign(secret, timestamp + "." + body));
        return Timeouts.within(client.request(request)
                .chain(req -> req.send(Buffer.buffer(body)))
                .chain(response -> response.body().map(ignored -> response.statusCode())), config.timeout())
                .map(status -> {
                    if (status / 100 != 2) {
                        throw new DeliveryFailure(status, "HTTP " + status);
                    }
                    return status;
                });
    }

    /** Hex HMAC-SHA256 of {@code message} with {@code key}. */
    public static String sign(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
