package health.safeline.triage.rest;

import health.safeline.api.Clearance;
import health.safeline.shared.error.Ids;
import health.safeline.shared.security.Roles;
import health.safeline.triage.service.TriageService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The clearance in force for an encounter; scheduling-service asks before every booking. */
@Path("/api/v1/clearances")
@Produces(MediaType.APPLICATION_JSON)
public class ClearanceResource {

    private final TriageService service;

    ClearanceResource(TriageService service) {
        this.service = service;
    }

    @GET
    @Path("/{encounterId}")
    @RolesAllowed({Roles.SERVICE, Roles.AGENT, Roles.CLINICIAN, Roles.SUPERVISOR})
    public Uni<Clearance> get(@PathParam("encounterId") String encounterId) {
        return service.clearance(Ids.uuid(encounterId));
    }
}
