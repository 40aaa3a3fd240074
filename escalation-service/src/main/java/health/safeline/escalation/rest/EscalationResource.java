package health.safeline.escalation.rest;

import health.safeline.escalation.mapping.EscalationMapper;
import health.safeline.escalation.rest.EscalationApi.EscalationView;
import health.safeline.escalation.rest.EscalationApi.ResolveRequest;
import health.safeline.escalation.service.EscalationService;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The clinicians' worklist: list, acknowledge, resolve. */
@Path("/api/v1/escalations")
@Produces(MediaType.APPLICATION_JSON)
public class EscalationResource {

    private final EscalationService service;
    private final EscalationMapper mapper;
    private final SecurityIdentity identity;

    EscalationResource(EscalationService service, EscalationMapper mapper, SecurityIdentity identity) {
        this.service = service;
        this.mapper = mapper;
        this.identity = identity;
    }

    /** Most urgent first: stat, asap, urgent, then by acknowledgement deadline. */
    @GET
    @RolesAllowed({Roles.CLINICIAN, Roles.SUPERVISOR})
    public Uni<List<EscalationView>> list(@QueryParam("status") String status,
            @QueryParam("encounterId") String encounterId, @QueryParam("limit") String limit) {
        return service.list(status, encounterId, limit);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.CLINICIAN, Roles.SUPERVISOR})
    public Uni<EscalationView> get(@PathParam("id") String id) {
        return service.find(Ids.uuid(id)).map(mapper::toView);
    }

    @POST
    @Path("/{id}/ack")
    @RolesAllowed({Roles.CLINICIAN, Roles.SUPERVISOR})
    public Uni<EscalationView> acknowledge(@PathParam("id") String id) {
        return service.acknowledge(Ids.uuid(id), Callers.id(identity));
    }

    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CLINICIAN)
    public Uni<EscalationView> resolve(@PathParam("id") String id, ResolveRequest request) {
        return service.resolve(Ids.uuid(id), request, Callers.id(identity));
    }
}
