package health.safeline.scheduling.rest;

import health.safeline.scheduling.mapping.AppointmentMapper;
import health.safeline.scheduling.rest.SchedulingApi.AppointmentView;
import health.safeline.scheduling.rest.SchedulingApi.BookingRequest;
import health.safeline.scheduling.rest.SchedulingApi.SlotView;
import health.safeline.scheduling.service.BookingService;
import health.safeline.shared.error.ApiProblem;
import health.safeline.shared.error.Ids;
import health.safeline.shared.error.Params;
import static health.safeline.shared.error.Params.instant;
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
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The agent's booking API. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class SchedulingResource {

    private final BookingService service;
    private final SecurityIdentity identity;

    SchedulingResource(BookingService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    @Path("/slots")
    @RolesAllowed({Roles.AGENT, Roles.CLINICIAN, Roles.SUPERVISOR})
    public Uni<List<SlotView>> slots(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("limit") String limit, @QueryParam("practitioner") String practitioner) {
        Instant start = from == null ? Instant.now() : instant(from, "from");
        Instant end = to == null ? start.plus(Duration.ofDays(7)) : instant(to, "to");
        if (!end.isAfter(start) || Duration.between(start, end).compareTo(BookingService.MAX_RANGE) > 0) {
            throw ApiProblem.badRequest("invalid-range", "'to' must be after 'from', at most 31 days later");
        }
        int clamped = Params.count(limit, "limit", 20, 100);
        String who = practitioner == null || practitioner.isBlank() ? null
                : Params.fhirId(practitioner, "practitioner");
        return service.freeSlots(start, end, clamped, who)
                .map(slots -> slots.stream().map(s -> new SlotView(s.start(), s.end(), s.practitioner())).toList());
    }

    @POST
    @Path("/appointments")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.AGENT)
    public Uni<Response> book(BookingRequest request) {
        if (request == null || request.encounterId() == null || request.start() == null) {
            throw ApiProblem.badRequest("missing-field", "encounterId and start are required");
        }
        return service.book(Ids.uuid(request.encounterId()), instant(request.start(), "start"),
                        Params.fhirId(request.practitioner(), "practitioner"), null, Callers.id(identity))
                .map(a -> Response.created(URI.create("/api/v1/appointments/" + a.id))
                        .entity(AppointmentMapper.toView(a)).build());
    }

    @GET
    @Path("/appointments/{id}")
    @RolesAllowed({Roles.AGENT, Roles.CLINICIAN, Roles.SUPERVISOR})
    public Uni<AppointmentView> appointment(@PathParam("id") String id) {
        return service.find(Ids.uuid(id)).map(AppointmentMapper::toView);
    }

}
