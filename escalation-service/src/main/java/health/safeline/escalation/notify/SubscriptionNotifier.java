package health.safeline.escalation.notify;

import health.safeline.escalation.config.EscalationConfig;
import health.safeline.escalation.mapping.Backport;
import health.safeline.escalation.repository.SubscriptionRepository;
import health.safeline.escalation.repository.SubscriptionRepository.EventRow;
import health.safeline.escalation.repository.SubscriptionRepository.SubscriptionRow;
import health.safeline.escalation.service.SubscriptionService;
import health.safeline.shared.fhir.Fhir;
import health.safeline.shared.fhir.FhirContextProducer;
import health.safeline.shared.persistence.Timeouts;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Delivers topic-based Subscription notifications (rest-hook) from the database, at least once and in order
 * per subscription, never giving up:
 * <ol>
 * <li>new {@code escalation_event} journal entries are numbered for every subscription they match
 * ({@link SubscriptionRepository#match}, one matcher at a time across replicas);</li>
 * <li>subscriptions with something due (the handshake, undelivered events, a heartbeat) are claimed with
 * {@code FOR UPDATE SKIP LOCKED} and leased, so one replica serves each; the handshake goes first, then the
 * oldest undelivered events (up to the subscription's max-count per notification), and event n+1 is sent only
 * once the notification carrying event n was accepted (any 2xx);</li>
 * <li>a failure sets the status to {@code error} and retries the same notification after a backoff doubling
 * from 1 s up to {@code subscriptions.max-backoff}; the first success sets it back to {@code active}.</li>
 * </ol>
 * A subscription idle for its heartbeat period gets a heartbeat.
 */
@ApplicationScoped
public class SubscriptionNotifier {

    private static final Logger LOG = Logger.getLogger(SubscriptionNotifier.class);
    /** Seconds a claim outlives the subscription's own timeout. */
    private static final int LEASE_MARGIN = 5;
    /** Subscriptions served at once by one replica. */
    private static final int CONCURRENCY = 16;

    private final SubscriptionRepository subscriptions;
    private final SubscriptionService service;
    private final EscalationConfig.Subscriptions config;
    private final MeterRegistry metrics;
    private final HttpClient client;

    SubscriptionNotifier(SubscriptionRepository subscriptions, SubscriptionService service, EscalationConfig config,
            MeterRegistry metrics, Vertx vertx) {
        this.subscriptions = subscriptions;
        this.service = service;
        this.config = config.subscriptions();
        this.metrics = metrics;
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000).setMaxPoolSize(8)
                .setVerifyHost(true));
    }

    /** Starts a run now (after a subscription was created), besides the scheduled ones. */
    public void kick() {
        run().subscribe().with(ignored -> { }, e -> LOG.warnf("Subscription run failed: %s",
                e.getClass().getSimpleName()));
    }

    @Scheduled(every = "${safeline.escalation.subscriptions.every:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return subscriptions.match(config.batchSize())
                .chain(() -> subscriptions.claimDue(config.batchSize(), LEASE_MARGIN))
                .onItem().transformToMulti(claimed -> Multi.createFrom().iterable(claimed))
                .onItem().transformToUni(row -> serve(row, 0)).merge(CONCURRENCY)
                .collect().last().replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("Subscription run failed: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }

    /** Sends what is due to one claimed subscription, in order, until nothing is due, a failure, or the burst. */
    private Uni<Void> serve(SubscriptionRow row, int sent) {
        if ("off".equals(row.status())) {
            return Uni.createFrom().voidItem();
        }
        if (sent >= config.burst()) {
            return subscriptions.release(row.id());
        }
        return next(row).chain(out -> out == null ? subscriptions.release(row.id()) : send(row, out)
                .chain(updated -> updated == null ? Uni.createFrom().voidItem() : serve(updated, sent + 1)));
    }

    /** What to send next: the handshake, the oldest undelivered events, a due heartbeat, or nothing (null). */
    private Uni<Outgoing> next(SubscriptionRow row) {
        if (!row.handshakeDone()) {
            return Uni.createFrom().item(new Outgoing(Backport.HANDSHAKE, List.of()));
        }
        return subscriptions.undelivered(row.id(), row.maxCount()).map(events -> {
            if (!events.isEmpty()) {
                return new Outgoing(Backport.EVENT_NOTIFICATION, events);
            }
            Instant since = row.lastSentAt() != null ? row.lastSentAt() : row.createdAt();
            if (row.heartbeatSeconds() != null && !since.plusSeconds(row.heartbeatSeconds()).isAfter(Instant.now())) {
                return new Outgoing(Backport.HEARTBEAT, List.of());
            }
            return null;
        });
    }

    /** One notification; answers the subscription as stored after an accepted one, null after a failure. */
    private Uni<SubscriptionRow> send(SubscriptionRow row, Outgoing out) {
        List<Long> numbers = out.events().stream().map(EventRow::eventNumber).toList();
        return service.bundle(row, out.type(), out.events(), row.content(), "$status")
                .map(bundle -> FhirContextProducer.context().newJsonParser().encodeResourceToString(bundle))
                .chain(body -> post(row, body))
                .chain(status -> {
                    count(out.type(), "delivered");
                    if (!numbers.isEmpty()) {
                        LOG.debugf("Subscription %s: events %s accepted (HTTP %d)", row.id(), numbers, status);
                    }
                    return subscriptions.accepted(row.id(), numbers, LEASE_MARGIN);
                })
                .onFailure().recoverWithUni(e -> {
                    String error = e instanceof NotificationChannel.DeliveryFailure ? e.getMessage()
                            : e.getClass().getSimpleName();
                    count(out.type(), "failed");
                    LOG.warnf("Subscription %s: %s notification failed (attempt %d): %s", row.id(), out.type(),
                            row.failures() + 1, error);
                    return subscriptions.failed(row.id(), numbers, error, config.maxBackoff().toSeconds())
                            .replaceWith((SubscriptionRow) null);
                });
    }

    private Uni<Integer> post(SubscriptionRow row, String body) {
        Duration timeout = Duration.ofSeconds(row.timeoutSeconds());
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(row.endpoint())
                .setFollowRedirects(false)
                .setIdleTimeout(timeout.toMillis())
                .putHeader("Content-Type", Fhir.JSON);
        for (String header : row.headers()) {
            int colon = header.indexOf(':');
            request.addHeader(header.substring(0, colon), header.substring(colon + 1).strip());
        }
        return Timeouts.within(client.request(request)
                .chain(req -> req.send(Buffer.buffer(body)))
                .chain(response -> response.body().map(ignored -> response.statusCode())), timeout)
                .map(status -> {
                    if (status / 100 != 2) {
                        throw new NotificationChannel.DeliveryFailure(status, "HTTP " + status);
                    }
                    return status;
                });
    }

    private void count(String type, String result) {
        metrics.counter("safeline.escalation.subscription.notifications", "type", type, "result", result)
                .increment();
    }

    private record Outgoing(String type, List<EventRow> events) {
    }
}
