package health.safeline.scheduling.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Wire records of CDS Hooks 1.0 (https://cds-hooks.org/specification/1.0/): discovery, the service request
 * and the cards. Requests ignore fields they do not use (the specification lets clients add extensions);
 * responses leave out absent optional fields rather than send nulls.
 */
public final class CdsHooksApi {

    public static final String HOOK_APPOINTMENT_BOOK = "appointment-book";
    public static final String SERVICE_APPOINTMENT_BOOK = "safeline-appointment-book";

    private CdsHooksApi() {
    }

    public record Discovery(List<Service> services) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Service(String hook, String id, String title, String description) {
    }

    /** A hook call; {@code fhirServer}, {@code fhirAuthorization} and {@code prefetch} are accepted and not used. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CdsRequest(String hook, String hookInstance, String fhirServer, JsonNode fhirAuthorization,
            AppointmentBookContext context, JsonNode prefetch) {
    }

    /** The appointment-book context: {@code appointments} is a FHIR Bundle of the proposed Appointments. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AppointmentBookContext(String userId, String patientId, String encounterId, JsonNode appointments) {
    }

    public record CdsResponse(List<Card> cards) {
    }

    /** {@code indicator}: info, warning or critical; {@code summary} under 140 characters. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Card(String uuid, String summary, String detail, String indicator, Source source, List<Link> links) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String label, String url) {
    }

    /** {@code type}: absolute (a plain URL) or smart (a SMART app launch). */
    public record Link(String label, String url, String type) {
    }
}
