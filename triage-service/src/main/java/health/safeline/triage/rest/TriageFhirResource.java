package health.safeline.triage.rest;

import health.safeline.shared.error.ApiProblem;
import health.safeline.shared.error.Ids;
import health.safeline.shared.fhir.CapabilityStatements;
import health.safeline.shared.fhir.Fhir;
import health.safeline.shared.security.Callers;
import health.safeline.shared.security.Roles;
import health.safeline.triage.mapping.TriageMapper;
import health.safeline.triage.service.TriageService;
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
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.RiskAssessment;

/** Triage's FHIR surface: the $triage operation, assessments, and clinicians' clearances. */
@Path("/fhir")
@Produces(Fhir.JSON)
public class TriageFhirResource {

    private final TriageService service;
    private final TriageMapper mapper;
    private final SecurityIdentity identity;

    TriageFhirResource(TriageService service, TriageMapper mapper, SecurityIdentity identity) {
        this.service = service;
        this.mapper = mapper;
        this.identity = identity;
    }

    @GET
    @Path("/metadata")
    @PermitAll
    public CapabilityStatement metadata() {
        CapabilityStatements cs = CapabilityStatements.server("triage-service", "0.1.0");
        cs.resource("Encounter").addOperation().setName("triage")
                .setDefinition(Fhir.BASE + "/OperationDefinition/Encounter-triage");
        cs.resource("RiskAssessment", TypeRestfulInteraction.READ);
        cs.resource("Communication", TypeRestfulInteraction.CREATE);
        return cs.build();
    }

    /** Accepts the operation name literally or percent-encoded ({@code %24triage}), as clients send either. */
    @POST
    @Path("/Encounter/{operation: \\$triage|%24triage}")
    @Consumes({Fhir.JSON, MediaType.APPLICATION_JSON})
    @RolesAllowed(Roles.SERVICE)
    public Uni<Parameters> triage(Parameters parameters) {
        return service.triage(ApiProblem.requireBody(parameters), Callers.id(identity));
    }

    @GET
    @Path("/RiskAssessment/{id}")
    @RolesAllowed({Roles.SERVICE, Roles.EHR, Roles.CLINICIAN, Roles.SUPERVISOR, Roles.AGENT})
    public Uni<RiskAssessment> riskAssessment(@PathParam("id") String id) {
        return service.find(Ids.uuid(id)).map(mapper::toFhir);
    }

    /** A clinician's clear-for-booking from escalation-service: 201 when new, 200 for a repeat. */
    @POST
    @Path("/Communication")
    @Consumes({Fhir.JSON, MediaType.APPLICATION_JSON})
    @RolesAllowed(Roles.SERVICE)
    public Uni<Response> communication(Communication communication) {
        return service.receive(ApiProblem.requireBody(communication), Callers.id(identity))
                .map(created -> (created
                        ? Response.created(URI.create("/fhir/Communication/" + communication.getIdPart()))
                        : Response.ok()).entity(communication).build());
    }
}
