package health.safeline.escalation.events;

import health.safeline.escalation.mapping.EscalationMapper;
import health.safeline.escalation.repository.EscalationReader;
import health.safeline.escalation.rest.EscalationApi.EscalationView;
import health.safeline.shared.persistence.Timeouts;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Live worklist hub. Every replica LISTENs on PostgreSQL channel {@value #CHANNEL} (filled by the
 * {@code escalation_notify} trigger on commit, whichever replica made the change), loads each announced
 * escalation by id and broadcasts it, in notification order, to its own SSE clients.
 */
@ApplicationScoped
public class EscalationEvents {

    public static final String CHANNEL = "escalation_events";
    public static final Set<String> TYPES = Set.of("triggered", "escalated", "attached", "acknowledged",
            "resolved");
    private static final Logger LOG = Logger.getLogger(EscalationEvents.class);
    private static final long MAX_RECONNECT_DELAY_MS = 10_000;

    /** One worklist change: the event name and the worklist record as the list endpoint shows it. */
    public record Event(String type, EscalationView escalation) {
    }

    private final Vertx vertx;
    private final EscalationReader reader;
    private final EscalationMapper mapper;
    private final PgConnectOptions connectOptions;
    private final UnicastProcessor<String> notifications = UnicastProcessor.create();
    private final BroadcastProcessor<Event> hub = BroadcastProcessor.create();
    private volatile PgSubscriber subscriber;
    private volatile boolean stopped;

    EscalationEvents(Vertx vertx, EscalationReader reader, EscalationMapper mapper,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.vertx = vertx;
        this.reader = reader;
        this.mapper = mapper;
        // the same server and database as the reactive pool (built from safeline.db.*), on a connection of its own
        this.connectOptions = PgConnectOptions.fromUri(url).setUser(user).setPassword(password);
    }

    /** Live events from now on (no replay); completes never. */
    public Multi<Event> stream() {
        return hub;
    }

    void start(@Observes StartupEvent startup) {
        notifications.onItem().transformToUniAndConcatenate(this::load)
                .subscribe().with(hub::onNext, e -> LOG.errorf("Escalation event hub stopped: %s",
                        e.getClass().getSimpleName()));
        PgSubscriber s = PgSubscriber.subscriber(vertx, connectOptions)
                // after a lost connection: retry forever, backing off to 10 s; LISTEN is re-issued on reconnect
                .reconnectPolicy(attempt -> stopped ? -1L : Math.min(MAX_RECONNECT_DELAY_MS, 250L * (attempt + 1)));
        s.channel(CHANNEL)
                .subscribeHandler(v -> LOG.infof("Listening on %s", CHANNEL))
                .handler(notifications::onNext);
        s.closeHandler(v -> {
            if (!stopped) {
                LOG.warnf("Listener connection for %s closed", CHANNEL);
            }
        });
        subscriber = s;
        // wait briefly so that the service normally starts already listening; keep trying otherwise
        try {
            s.connect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warnf("Listener for %s not connected yet (%s); retrying", CHANNEL, e.getClass().getSimpleName());
            retryConnect(1);
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopped = true;
        PgSubscriber s = subscriber;
        if (s != null) {
            s.close();
        }
        hub.onComplete();
    }

    private void retryConnect(int attempt) {
        if (stopped) {
            return;
        }
        vertx.setTimer(Math.min(MAX_RECONNECT_DELAY_MS, 500L * attempt), id -> {
            if (stopped || !subscriber.closed()) {
                return; // shut down, or the first attempt got through late
            }
            subscriber.connect()
                    .onSuccess(v -> LOG.infof("Listener for %s connected", CHANNEL))
                    .onFailure(e -> retryConnect(attempt + 1));
        });
    }

    /** "type:id" to an event with the current record; null (skipped) when malformed, gone or failing. */
    private Uni<Event> load(String payload) {
        int colon = payload == null ? -1 : payload.indexOf(':');
        String type = colon < 0 ? null : payload.substring(0, colon);
        UUID id;
        try {
            id = UUID.fromString(payload.substring(colon + 1));
        } catch (RuntimeException e) {
            id = null;
        }
        if (!TYPES.contains(type) || id == null) {
            LOG.warnf("Ignored malformed notification on %s", CHANNEL);
            return Uni.createFrom().nullItem();
        }
        UUID escalationId = id;
        return Timeouts.within(reader.loadForStream(escalationId), Duration.ofSeconds(5))
                .map(e -> e == null ? null : new Event(type, mapper.toView(e)))
                .onFailure().invoke(f -> LOG.warnf("Escalation %s %s event not published: %s", escalationId, type,
                        f.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }
}
