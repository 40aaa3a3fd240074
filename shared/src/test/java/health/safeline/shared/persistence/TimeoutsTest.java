package health.safeline.shared.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class TimeoutsTest {

    private static final Vertx VERTX = Vertx.vertx();

    @AfterAll
    static void close() {
        VERTX.close();
    }

    /** Where the outcome of {@code uni}, subscribed on a Vert.x context, arrives: that context, and the outcome. */
    private static Object[] outcomeOn(Uni<String> uni) throws Exception {
        CompletableFuture<Object[]> seen = new CompletableFuture<>();
        Context context = VERTX.getOrCreateContext();
        context.runOnContext(ignored -> Timeouts.within(uni, Duration.ofMillis(50)).subscribe().with(
                item -> seen.complete(new Object[] {context, Vertx.currentContext(), item}),
                failure -> seen.complete(new Object[] {context, Vertx.currentContext(), failure})));
        return seen.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aTimeoutFailsOnTheSubscribersContextNotOnTheTimerThread() throws Exception {
        Object[] seen = outcomeOn(Uni.createFrom().nothing());
        assertSame(seen[0], seen[1], "the failure must arrive on the caller's context");
        assertInstanceOf(TimeoutException.class, seen[2]);
    }

    @Test
    void anItemInTimeArrivesOnTheSubscribersContextToo() throws Exception {
        Object[] seen = outcomeOn(Uni.createFrom().item("answer").onItem().delayIt().by(Duration.ofMillis(5)));
        assertSame(seen[0], seen[1]);
        assertEquals("answer", seen[2]);
    }

    @Test
    void withoutAContextItOnlyLimitsTheTime() {
        assertEquals("x", Timeouts.within(Uni.createFrom().item("x"), Duration.ofSeconds(1)).await().indefinitely());
    }
}
