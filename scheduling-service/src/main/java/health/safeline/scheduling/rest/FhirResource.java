package health.safeline.scheduling.rest;

import health.safeline.scheduling.mapping.AppointmentMapper;
import health.safeline.scheduling.service.BookingService;
import health.safeline.shared.error.ApiProblem;
import health.safeline.shared.error.Ids;
import health.safeline.shared.fhir.CapabilityStatements;
import health.safeline.shared.fhir.Fhir;
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
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Reference;

/** Appointments over FHIR: booking needs supportingInformation = the triaged Encounter. */
@Path("/fhir")
@Produces(Fhir.JSON)
public class FhirResource {

    private final BookingService service;
    private final SecurityIdentity identity;

    FhirResource(BookingService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    @Path("/metadata")
    @PermitAll
    public CapabilityStatement metadata() {
        CapabilityStatements cs = CapabilityStatements.server("scheduling-service", "0.1.0");
        cs.resource("Appointment", TypeRestfulInteraction.READ, TypeRestfulInteraction.CREATE);
        return cs.build();
    }

    @GET
    @Path("/Appointment/{id}")
    @RolesAllowed({Roles.AGENT, Roles.CLINICIAN, Roles.SUPERVISOR, Roles.EHR})
    public Uni<Appointment> read(@PathParam("id") String id) {
        return service.find(Ids.uuid(id)).map(AppointmentMapper::toFhir);
    }

    @POST
    @Path("/Appointment")
    @Consumes({Fhir.JSON, MediaType.APPLICATION_JSON})
    @RolesAllowed(Roles.AGENT)
    public Uni<Response> create(Appointment body) {
        Appointment appointment = ApiProblem.requireBody(body);
        String encounterId = appointment.getSupportingInformation().stream()
                .map(Reference::getReferenceElement)
                .filter(r -> "Encounter".equals(r.getResourceType()))
                .map(r -> r.getIdPart()).findFirst()
                .orElseThrow(() -> ApiProblem.unprocessable("missing-encounter",
                        "Appointment.supportingInformation must reference the triaged Encounter"));
        if (!appointment.hasStart()) {
            throw ApiProblem.unprocessable("missing-start", "Appointment.start is required");
        }
        return service.book(Ids.uuid(encounterId), appointment.getStart().toInstant(), null, Callers.id(identity))
                .map(a -> Response.created(URI.create("/fhir/Appointment/" + a.id))
                        .entity(AppointmentMapper.toFhir(a)).build());
    }
}
