package health.safeline.shared.ops;

import health.safeline.shared.fhir.FhirContextProducer;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Every service's entry point: starts scanning the FHIR model on a second thread before Quarkus starts, so the scan
 * (about a second) runs beside Flyway and Hibernate instead of after them.
 */
@QuarkusMain
public class SafelineMain {

    public static void main(String... args) {
        FhirContextProducer.warmInBackground();
        Quarkus.run(args);
    }
}
