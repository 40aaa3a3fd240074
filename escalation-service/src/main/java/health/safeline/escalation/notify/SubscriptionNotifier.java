package health.safeline.escalation.notify;

import health.safeline.escalation.config.EscalationConfig;
import health.safeline.escalation.mapping.Backport;
import health.safeline.escalation.repository.SubscriptionRepository;
import health.safeline.escalation.repository.SubscriptionRepository.EventRow;
import health.safeline.escalation.repository.SubscriptionRepository.SubscriptionRow;
import health.safeline.escalation.service.EndpointGuard;
import health.safeline.escalation.service.SubscriptionService;
import health.safeline.shared.fhir.Fhir;
import health.safeline.shared.fhir.FhirContextProducer;
import health.safeline.shared.persistence.Timeouts;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Delivers topic-based Subscription notifications (rest-hook) from the database, at least once and in order
 * per subscription, for a bounded time:
 * <ol>
 * <li>new {@code escalation_event} journal entries are numbered for every subscription they match
 * ({@link SubscriptionRepository#match}, one matcher at a time across replicas);</li>
 * <li>subscriptions with something due (the handshake, undelivered events, a heartbeat) are claimed with
 * {@code FOR UPDATE SKIP LOCKED} and leased, so one replica serves each; the handshake goes first, then the
 * oldest undelivered events (up to the subscription's max-count per notification), and event n+1 is sent only
 * once the notification carrying event n was accepted (any 2xx);</li>
 * <li>a failure retries the same notification after a backoff doubling from 1 s up to
 * {@code subscriptions.max-backoff}; an endpoint failing for {@code subscriptions.error-after} gives the
 * subscription status {@code error}, and it is not tried again.</li>
 * </ol>
 * A subscription idle for its heartbeat period gets a heartbeat.
 *
 * <p>Bulkhead: a run only matches, claims and hands each claimed subscription to its own delivery, without waiting
 * for any; at most {@code per-endpoint-concurrency} deliveries per endpoint origin ({@code scheme://host:port}) and
 * {@code max-in-flight} in all are in flight in this replica, and an origin at its limit is left out of the claim.
 * So a slow or dead endpoint holds only its own origin's slots and never delays another endpoint's notifications.
 * Before every delivery the endpoint is checked again by {@link EndpointGuard} and the request connects to the
 * address that was checked.
 */
@ApplicationScoped
public class SubscriptionNotifier {

    private static final Logger LOG = Logger.getLogger(SubscriptionNotifier.class);
    /** Seconds a claim outlives the subscription's own timeout. */
    private static final int LEASE_MARGIN = 5;

    private final SubscriptionRepository subscriptions;
    private final SubscriptionService service;
    private final EndpointGuard guard;
    private final EscalationConfig.Subscriptions config;
    private final MeterRegistry metrics;
    private final HttpClient client;
    /** Deliveries in flight in this replica per endpoint origin (absent: none). */
    private final Map<String, Integer> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean();

    SubscriptionNotifier(SubscriptionRepository subscriptions, SubscriptionService service, EndpointGuard guard,
            EscalationConfig config, MeterRegistry metrics, Vertx vertx) {
        this.subscriptions = subscriptions;
        this.service = service;
        this.guard = guard;
        this.config = config.subscriptions();
        this.metrics = metrics;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) this.config.connectTimeout().toMillis())
                .setMaxPoolSize(Math.max(1, this.config.perEndpointConcurrency())).setVerifyHost(true));
        metrics.gauge("safeline.escalation.subscription.in.flight", inFlight);
    }

    /** Starts a run now (after a subscription was created), besides the scheduled ones. */
    public void kick() {
        run().subscribe().with(ignored -> { }, e -> LOG.warnf("Subscription run failed: %s",
                e.getClass().getSimpleName()));
    }

    /** Matches new events and starts a delivery per claimed subscription; does not wait for the deliveries. */
    @Scheduled(every = "${safeline.escalation.subscriptions.every:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return subscriptions.match(config.batchSize())
                .chain(() -> {
                    int free = config.maxInFlight() - inFlight.get();
                    return free <= 0 ? Uni.createFrom().item(List.<SubscriptionRow>of())
                            : subscriptions.claimDue(Math.min(config.batchSize(), free), LEASE_MARGIN, busyOrigins());
                })
                .invoke(claimed -> claimed.forEach(this::dispatch))
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("Subscription run failed: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull()
                .eventually(() -> running.set(false));
    }

    /** Origins with as many deliveries in flight as one may have: left out of the next claim. */
    private List<String> busyOrigins() {
        return lanes.entrySet().stream().filter(e -> e.getValue() >= config.perEndpointConcurrency())
                .map(Map.Entry::getKey).toList();
    }

    /**
     * Serves one claimed subscription on its own, holding a slot of its origin's lane until done; one claimed past
     * its origin's limit (several of one origin in one claim) is released for a later run.
     */
    private void dispatch(SubscriptionRow row) {
        boolean[] entered = {false};
        lanes.compute(row.origin(), (origin, n) -> {
            int now = n == null ? 0 : n;
            if (now >= config.perEndpointConcurrency()) {
                return n;
            }
            entered[0] = true;
            return now + 1;
        });
        Uni<Void> work = entered[0] ? serve(row, 0) : subscriptions.release(row.id());
        if (entered[0]) {
            inFlight.incrementAndGet();
        }
        work.eventually(() -> {
            if (entered[0]) {
                inFlight.decrementAndGet();
                lanes.computeIfPresent(row.origin(), (origin, n) -> n <= 1 ? null : n - 1);
            }
        }).subscribe().with(ignored -> { }, e -> LOG.warnf("Subscription %s: delivery failed: %s", row.id(),
                e.getClass().getSimpleName()));
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
        URI endpoint = URI.create(row.endpoint());
        Uni<String> payload = Backport.FULL_RESOURCE.equals(row.content()) && !guard.allowListed(row.owner(), endpoint)
                ? Uni.createFrom().failure(new NotificationChannel.DeliveryFailure(null, "full-resource-not-allowed"))
                : service.bundle(row, out.type(), out.events(), row.content(), "$status")
                        .map(bundle -> FhirContextProducer.context().newJsonParser().encodeResourceToString(bundle));
        return payload
                .chain(body -> post(row, endpoint, body))
                .chain(status -> {
                    count(out.type(), "delivered");
                    if (!numbers.isEmpty()) {
                        LOG.debugf("Subscription %s: events %s accepted (HTTP %d)", row.id(), numbers, status);
                    }
                    return subscriptions.accepted(row.id(), numbers, LEASE_MARGIN);
                })
                .onFailure().recoverWithUni(e -> {
                    String error = e instanceof NotificationChannel.DeliveryFailure
                            || e instanceof EndpointGuard.Refused ? e.getMessage() : e.getClass().getSimpleName();
                    count(out.type(), "failed");
                    LOG.warnf("Subscription %s: %s notification failed (attempt %d): %s", row.id(), out.type(),
                            row.failures() + 1, error);
                    return subscriptions.failed(row.id(), numbers, error, config.maxBackoff().toSeconds(),
                                    config.errorAfter().toSeconds())
                            .replaceWith((SubscriptionRow) null);
                });
    }

    /** Posts to the address the guard checked (not a second DNS answer), with the endpoint's host as Host and TLS name. */
    private Uni<Integer> post(SubscriptionRow row, URI endpoint, String body) {
        Duration timeout = Duration.ofSeconds(row.timeoutSeconds());
        return guard.address(row.owner(), endpoint).chain(address -> send(row, endpoint, address, body, timeout));
    }

    private Uni<Integer> send(SubscriptionRow row, URI endpoint, InetAddress address, String body, Duration timeout) {
        String host = endpoint.getHost().startsWith("[") ? endpoint.getHost().substring(1,
                endpoint.getHost().length() - 1) : endpoint.getHost();
        String path = (endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath())
                + (endpoint.getRawQuery() == null ? "" : "?" + endpoint.getRawQuery());
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(EndpointGuard.port(endpoint), address.getHostAddress()))
                .setHost(host).setPort(EndpointGuard.port(endpoint)).setSsl("https".equalsIgnoreCase(endpoint.getScheme()))
                .setURI(path)
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
