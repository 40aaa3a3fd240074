package health.safeline.shared.outbox;

import health.safeline.shared.persistence.Timeouts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.scheduler.Scheduled;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.jboss.logging.Logger;

import health.safeline.shared.fhir.FhirContextProducer;

/**
 * Transactional outbox: {@link #enqueue} stores a resource in the caller's transaction;
 * delivery happens after commit and is retried with backoff until the destination accepts it.
 * Claims use {@code FOR UPDATE SKIP LOCKED}, so several replicas never deliver one message at once.
 */
@ApplicationScoped
public class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class);
    private static final String CLAIM = """
            UPDATE outbox_message SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
            WHERE id IN (SELECT id FROM outbox_message WHERE status = 'pending' AND next_attempt_at <= now()
                         ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
            RETURNING id, destination, resource_type, payload, attempts""";

    private final Pool pool;
    private final OutboxConfig config;
    private final MeterRegistry metrics;
    private final Map<String, FhirPostClient> clients = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    Outbox(Pool pool, OutboxConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.config = config;
        this.metrics = metrics;
    }

    /** Stores {@code resource} for delivery to {@code destination}, inside the current transaction. */
    public Uni<Void> enqueue(String destination, IBaseResource resource) {
        if (!config.destinations().containsKey(destination)) {
            return Uni.createFrom().failure(new IllegalStateException("No outbox destination " + destination));
        }
        OutboxMessage message = new OutboxMessage();
        message.id = UUID.randomUUID();
        message.destination = destination;
        message.resourceType = resource.fhirType();
        message.payload = FhirContextProducer.context().newJsonParser().encodeResourceToString(resource);
        message.status = "pending";
        message.createdAt = Instant.now();
        message.nextAttemptAt = message.createdAt;
        return Panache.withTransaction(message::persist).replaceWithVoid();
    }

    /** Delivers due messages now (call after the enqueuing transaction committed). */
    public void kick() {
        deliverDue().subscribe().with(ignored -> { }, e -> LOG.warnf("Outbox run failed: %s", e.getClass().getSimpleName()));
    }

    @Scheduled(every = "${safeline.outbox.poll-every:1s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = NoDestinations.class)
    Uni<Void> poll() {
        return deliverDue();
    }

    /** One delivery run; a run asked for while one is under way happens right after it. */
    Uni<Void> deliverDue() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return Uni.createFrom().voidItem();
        }
        again.set(false);
        return claimAndDeliver()
                .eventually(() -> running.set(false))
                .chain(() -> again.getAndSet(false) ? deliverDue() : Uni.createFrom().voidItem());
    }

    private Uni<Void> claimAndDeliver() {
        long claimSeconds = config.claimTimeout().toSeconds();
        return pool.preparedQuery(CLAIM).execute(Tuple.of(config.batchSize(), (double) claimSeconds))
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem().transformToUniAndMerge(this::deliver)
                .collect().asList().replaceWithVoid();
    }

    private Uni<Void> deliver(Row row) {
        UUID id = row.getUUID("id");
        String destination = row.getString("destination");
        String type = row.getString("resource_type");
        int attempts = row.getInteger("attempts");
        long start = System.nanoTime();
        return Timeouts.within(client(destination).create(type, row.getString("payload")), config.readTimeout())
                .onItem().transformToUni(response -> pool
                        .preparedQuery("UPDATE outbox_message SET status = 'delivered', delivered_at = now(), "
                                + "last_error = NULL WHERE id = $1")
                        .execute(Tuple.of(id))
                        .invoke(() -> {
                            metrics.timer("safeline.outbox.delivery", "destination", destination, "result", "delivered")
                                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                            LOG.debugf("Delivered %s %s to %s", type, id, destination);
                        })
                        .replaceWithVoid())
                .onFailure().recoverWithUni(e -> {
                    long backoff = Math.min(config.maxBackoff().toSeconds(), 1L << Math.min(attempts, 16));
                    metrics.counter("safeline.outbox.delivery.failures", "destination", destination).increment();
                    LOG.warnf("Delivery of outbox message %s to %s failed (attempt %d, retry in %ds): %s",
                            id, destination, attempts, backoff, e.getClass().getSimpleName());
                    return pool.preparedQuery("UPDATE outbox_message SET next_attempt_at = now() + "
                            + "make_interval(secs => $2), last_error = $3 WHERE id = $1")
                            .execute(Tuple.of(id, (double) backoff, e.getClass().getSimpleName()))
                            .replaceWithVoid();
                });
    }

    private FhirPostClient client(String destination) {
        return clients.computeIfAbsent(destination, d -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(config.destinations().get(d)))
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .build(FhirPostClient.class));
    }

    /** Services that send nothing do not poll. */
    @jakarta.inject.Singleton
    static class NoDestinations implements Scheduled.SkipPredicate {
        private final OutboxConfig config;

        NoDestinations(OutboxConfig config) {
            this.config = config;
        }

        @Override
        public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
            return config.destinations().isEmpty();
        }
    }
}
