package health.safeline.shared.fhir;

import health.safeline.shared.error.RequestGuard;
import io.vertx.core.http.HttpHeaders;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * FHIR's {@code _format} parameter on {@code /fhir} paths, applied before routing: JSON formats are served
 * (Safeline speaks JSON only: an Accept header that excludes JSON still gets a 406, as Vert.x parses it before
 * any filter); any other format is a 406 with an OperationOutcome that says so.
 */
@ApplicationScoped
public class FormatFilter {

    private static final Set<String> JSON = Set.of("json", "application/json", Fhir.JSON, "application/fhir json");

    void install(@Observes Filters filters) {
        filters.register(rc -> {
            String format = rc.request().path().startsWith("/fhir") ? rc.queryParams().get("_format") : null;
            if (format == null) {
                rc.next();
            } else if (JSON.contains(format.strip().toLowerCase())) {
                rc.request().headers().set(HttpHeaders.ACCEPT, Fhir.JSON);
                rc.next();
            } else {
                RequestGuard.refuse(rc, 406, IssueType.NOTSUPPORTED, "unsupported-format", "_format "
                        + format.strip() + " is not supported: use json (application/fhir+json)");
            }
        }, 100);
    }
}
