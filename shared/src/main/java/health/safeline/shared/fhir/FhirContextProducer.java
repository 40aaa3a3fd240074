package health.safeline.shared.fhir;

import ca.uhn.fhir.context.FhirContext;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.Patient;

/** One FhirContext per process: expensive to build, thread-safe, warmed at start-up. */
@ApplicationScoped
public class FhirContextProducer {

    private static final FhirContext CONTEXT = FhirContext.forR4Cached();

    @Produces
    @Singleton
    @Startup
    FhirContext fhirContext() {
        // Scanning the model classes takes about a second: pay it here, not on the first request.
        CONTEXT.newJsonParser().encodeResourceToString(new Patient().setActive(true));
        CONTEXT.newJsonParser().parseResource(Patient.class, "{\"resourceType\":\"Patient\"}");
        return CONTEXT;
    }

    /** For code outside CDI (tests, message body providers created by the REST client). */
    public static FhirContext context() {
        return CONTEXT;
    }
}
