package health.safeline.shared.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * Time limits that keep the caller's Vert.x context. Mutiny fires a timeout on its own timer thread, and what
 * follows would run there: a Hibernate Reactive session used from that thread fails ("possible non-threadsafe
 * access to session") and can leave its connection in a transaction.
 */
public final class Timeouts {

    private Timeouts() {
    }

    /**
     * {@code uni}, failed with a {@link io.smallrye.mutiny.TimeoutException} when it has no item after
     * {@code timeout}; its item or failure is delivered on the Vert.x context it was subscribed on, if any.
     */
    public static <T> Uni<T> within(Uni<T> uni, Duration timeout) {
        return Uni.createFrom().deferred(() -> {
            Uni<T> limited = uni.ifNoItem().after(timeout).fail();
            Context context = Vertx.currentContext();
            return context == null ? limited : limited.emitOn(task -> context.runOnContext(ignored -> task.run()));
        });
    }
}
