package health.safeline.escalation.rest;

import health.safeline.escalation.mapping.EscalationMapper;
import health.safeline.escalation.service.EscalationService;
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
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Task;

/** FHIR side: triage delivers alerts here; clinicians and EHRs read them back, and each escalation as a Task. */
@Path("/fhir")
@Produces(Fhir.JSON)
public class CommunicationResource {

    private final EscalationService service;
    private final EscalationMapper mapper;
    private final SecurityIdentity identity;

    CommunicationResource(EscalationService service, EscalationMapper mapper, SecurityIdentity identity) {
        this.service = service;
        this.mapper = mapper;
        this.identity = identity;
    }

    @GET
    @Path("/metadata")
    @PermitAll
    public CapabilityStatement metadata() {
        CapabilityStatements cs = CapabilityStatements.server("escalation-service", "0.1.0");
        cs.resource("Communication", TypeRestfulInteraction.READ, TypeRestfulInteraction.CREATE);
        cs.resource("Task", TypeRestfulInteraction.READ);
        return cs.build();
    }

    /** Receives an alert: 201 the first time, 200 with the stored one for a repeated delivery. */
    @POST
    @Path("/Communication")
    @Consumes({Fhir.JSON, MediaType.APPLICATION_JSON})
    @RolesAllowed(Roles.SERVICE)
    public Uni<Response> create(Communication body) {
        Communication received = ApiProblem.requireBody(body);
        return service.receive(received, Callers.id(identity)).map(receipt -> {
            Communication stored = mapper.toFhir(receipt.call());
            Response.ResponseBuilder answer = receipt.created()
                    ? Response.created(URI.create("/fhir/Communication/" + receipt.call().id))
                    : Response.ok();
            return answer.entity(stored).type(Fhir.JSON).build();
        });
    }

    @GET
    @Path("/Communication/{id}")
    @RolesAllowed({Roles.CLINICIAN, Roles.SUPERVISOR, Roles.SERVICE, Roles.EHR})
    public Uni<Communication> read(@PathParam("id") String id) {
        return service.call(Ids.uuid(id)).map(mapper::toFhir);
    }

    /** The escalation as a Task (owner, status, deadline, outcome); a call's id resolves to its escalation. */
    @GET
    @Path("/Task/{id}")
    @RolesAllowed({Roles.CLINICIAN, Roles.SUPERVISOR, Roles.SERVICE, Roles.EHR, Roles.AUDITOR})
    public Uni<Task> task(@PathParam("id") String id) {
        return service.find(Ids.uuid(id)).map(mapper::toTask);
    }
}
