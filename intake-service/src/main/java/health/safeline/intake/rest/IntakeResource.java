package health.safeline.intake.rest;

import health.safeline.intake.rest.IntakeApi.IntakeRequest;
import health.safeline.intake.rest.IntakeApi.IntakeResponse;
import health.safeline.intake.service.IntakeService;
import health.safeline.shared.error.Ids;
import health.safeline.shared.security.Callers;
import health.safeline.shared.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
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

/** The agent's API: record a call and get triage's answer. */
@Path("/api/v1/intakes")
@Produces(MediaType.APPLICATION_JSON)
public class IntakeResource {

    private final IntakeService service;
    private final SecurityIdentity identity;

    IntakeResource(IntakeService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.AGENT)
    public Uni<Response> submit(IntakeRequest request) {
        return service.submit(request, Callers.id(identity))
                .map(answer -> Response.created(URI.create("/api/v1/intakes/" + answer.encounterId()))
                        .entity(answer).build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.AGENT, Roles.CLINICIAN, Roles.SUPERVISOR})
    public Uni<IntakeResponse> get(@PathParam("id") String id) {
        return service.find(Ids.uuid(id));
    }
}
