package health.safeline.shared.fhir;

import ca.uhn.fhir.context.FhirContext;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hl7.fhir.r4.model.Patient;

/** One FhirContext per process: expensive to build, thread-safe, warmed at start-up. */
@ApplicationScoped
public class FhirContextProducer {

    private static final FhirContext CONTEXT = FhirContext.forR4Cached();
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private static final CompletableFuture<Void> WARM = new CompletableFuture<>();

    @Produces
    @Singleton
    @Startup
    FhirContext fhirContext() {
        // Scanning the model classes takes about a second: pay it before the service is ready, not on the first request.
        warmInBackground();
        WARM.join();
        return CONTEXT;
    }

    /** Starts the model scan on its own thread (once); {@link #fhirContext()} waits for it. */
    public static void warmInBackground() {
        if (STARTED.compareAndSet(false, true)) {
            Thread thread = new Thread(FhirContextProducer::warm, "fhir-context-warm-up");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private static void warm() {
        try {
            CONTEXT.newJsonParser().encodeResourceToString(new Patient().setActive(true));
            CONTEXT.newJsonParser().parseResource(Patient.class, "{\"resourceType\":\"Patient\"}");
            WARM.complete(null);
        } catch (Throwable e) {
            WARM.completeExceptionally(e);
        }
    }

    /** For code outside CDI (tests, message body providers created by the REST client). */
    public static FhirContext context() {
        return CONTEXT;
    }
}
