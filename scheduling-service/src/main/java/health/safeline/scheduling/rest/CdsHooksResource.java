package health.safeline.scheduling.rest;

import com.fasterxml.jackson.databind.JsonNode;
import health.safeline.scheduling.config.SchedulingConfig;
import health.safeline.scheduling.mapping.AppointmentMapper;
import health.safeline.scheduling.mapping.CdsCards;
import health.safeline.scheduling.rest.CdsHooksApi.AppointmentBookContext;
import health.safeline.scheduling.rest.CdsHooksApi.CdsRequest;
import health.safeline.scheduling.rest.CdsHooksApi.CdsResponse;
import health.safeline.scheduling.rest.CdsHooksApi.Discovery;
import health.safeline.scheduling.rest.CdsHooksApi.Service;
import health.safeline.scheduling.service.AppointmentBookAdvisor;
import health.safeline.scheduling.service.AppointmentBookAdvisor.Proposal;
import health.safeline.shared.error.ApiProblem;
import health.safeline.shared.error.Params;
import health.safeline.shared.fhir.References;
import health.safeline.shared.fhir.StrictFhirJson;
import health.safeline.shared.security.Callers;
import health.safeline.shared.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;

/**
 * CDS Hooks 1.0 for EHRs: discovery is public (it names the service, nothing about patients), the
 * appointment-book service answers EHR systems and agents.
 */
@Path("/cds-services")
@Produces(MediaType.APPLICATION_JSON)
public class CdsHooksResource {

    static final int MAX_APPOINTMENTS = 20;

    private static final Discovery DISCOVERY = new Discovery(List.of(new Service(
            CdsHooksApi.HOOK_APPOINTMENT_BOOK, CdsHooksApi.SERVICE_APPOINTMENT_BOOK,
            "Safeline: book only calls that triage cleared",
            "For each proposed appointment, asks Safeline triage whether the call (the Encounter in "
                    + "Appointment.supportingInformation, else context.encounterId) is cleared for a booking at the "
                    + "proposed start. A critical card means do not book: no clearance, a revoked one, a start "
                    + "outside its window, or triage cannot answer. An info card gives the clearance window.")));

    private final AppointmentBookAdvisor advisor;
    private final SchedulingConfig config;
    private final SecurityIdentity identity;

    CdsHooksResource(AppointmentBookAdvisor advisor, SchedulingConfig config, SecurityIdentity identity) {
        this.advisor = advisor;
        this.config = config;
        this.identity = identity;
    }

    @GET
    @PermitAll
    public Discovery discovery() {
        return DISCOVERY;
    }

    @POST
    @Path("/" + CdsHooksApi.SERVICE_APPOINTMENT_BOOK)
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.EHR, Roles.AGENT})
    public Uni<CdsResponse> appointmentBook(CdsRequest body) {
        CdsRequest request = ApiProblem.requireBody(body);
        if (!CdsHooksApi.HOOK_APPOINTMENT_BOOK.equals(request.hook())) {
            throw ApiProblem.badRequest("wrong-hook", "This service answers the appointment-book hook only");
        }
        if (request.hookInstance() == null || request.hookInstance().isBlank()) {
            throw ApiProblem.badRequest("missing-field", "hookInstance is required");
        }
        Params.identifier(request.hookInstance(), "hookInstance", 64);
        AppointmentBookContext context = request.context();
        if (context == null || context.appointments() == null || context.appointments().isNull()) {
            throw ApiProblem.badRequest("missing-field", "context.appointments (a Bundle of Appointments) is required");
        }
        // not used, but a user and a patient are named as CDS Hooks says, or the call is malformed
        References.find(new Reference(context.userId()), "context.userId");
        Params.fhirId(context.patientId(), "context.patientId");
        List<Proposal> proposals = proposals(context);
        return advisor.advise(proposals, Callers.id(identity))
                .map(advices -> new CdsResponse(advices.stream().map(a -> CdsCards.card(a, config)).toList()));
    }

    /**
     * The proposed Appointments of the context's Bundle, each with its Encounter (its own, else the context's) and
     * its Patient (its participant, else the context's patient).
     */
    static List<Proposal> proposals(AppointmentBookContext context) {
        Bundle bundle = bundle(context.appointments());
        String fallback = encounterId(context.encounterId());
        List<Proposal> proposals = bundle.getEntry().stream()
                .filter(e -> e.getResource() instanceof Appointment)
                .map(e -> (Appointment) e.getResource())
                .map(a -> new Proposal(References.first(a.getSupportingInformation(), "Encounter",
                        "Appointment.supportingInformation").orElse(fallback),
                        a.hasStart() ? a.getStart().toInstant() : null,
                        AppointmentMapper.patient(a).orElse(context.patientId())))
                .toList();
        if (proposals.isEmpty()) {
            throw ApiProblem.badRequest("missing-appointment", "context.appointments holds no Appointment");
        }
        if (proposals.size() > MAX_APPOINTMENTS) {
            throw ApiProblem.badRequest("too-many-appointments",
                    "context.appointments may hold at most " + MAX_APPOINTMENTS + " Appointments");
        }
        return proposals;
    }

    private static Bundle bundle(JsonNode json) {
        if (!json.isObject()) {
            throw ApiProblem.badRequest("invalid-fhir", "context.appointments must be a FHIR Bundle");
        }
        return StrictFhirJson.parse(json.toString(), Bundle.class, "context.appointments");
    }

    private static String encounterId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String id = value.strip();
        return Params.fhirId(id.startsWith("Encounter/") ? id.substring("Encounter/".length()) : id,
                "context.encounterId");
    }
}
