package health.safeline.escalation.rest;

import health.safeline.escalation.events.EscalationEvents;
import health.safeline.escalation.mapping.EscalationMapper;
import health.safeline.escalation.rest.EscalationApi.EscalationView;
import health.safeline.escalation.rest.EscalationApi.ResolveRequest;
import health.safeline.escalation.service.EscalationService;
import health.safeline.shared.error.Ids;
import health.safeline.shared.security.Callers;
import health.safeline.shared.error.Params;
import health.safeline.shared.security.Roles;
import health.safeline.escalation.service.SummaryService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.List;

/** The clinicians' worklist: list, acknowledge, resolve. */
@Path("/api/v1/escalations")
@Produces(MediaType.APPLICATION_JSON)
public class EscalationResource {

    private final EscalationService service;
    private final EscalationMapper mapper;
    private static final int STREAM_BUFFER = 1024;
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final SecurityIdentity identity;
    private final EscalationEvents events;
    private final SummaryService summaries;

    EscalationResource(EscalationService service, EscalationMapper mapper, SecurityIdentity identity,
            EscalationEvents events, SummaryService summaries) {
        this.events = events;
        this.summaries = summaries;
        this.service = service;
        this.mapper = mapper;
        this.identity = identity;
    }

    /** Most urgent first: stat, asap, urgent, then by acknowledgement deadline. */
    @GET
    @RolesAllowed({Roles.CLINICIAN, Roles.SUPERVISOR})
    public Uni<List<EscalationView>> list(@QueryParam("status") String status,
            @QueryParam("encounterId") String encounterId, @QueryParam("tier") String tier,
            @QueryParam("priority") String priority, @QueryParam("limit") String limit) {
        return service.list(status, encounterId, tier, priority, limit);
    }

    /**
     * Live worklist as Server-Sent Events: {@code triggered}, {@code escalated}, {@code acknowledged} and
     * {@code resolved}, each with the list endpoint's record as JSON data, from every replica's changes.
     * Starts with a {@code connected} comment and sends a keep-alive comment every 15 s; no replay.
     */
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({Roles.CLINICIAN, Roles.SUPERVISOR})
    public Multi<OutboundSseEvent> stream(@Context Sse sse) {
        Multi<OutboundSseEvent> changes = events.stream()
                .onOverflow().buffer(STREAM_BUFFER)
                .map(event -> sse.newEventBuilder().name(event.type())
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(EscalationView.class, event.escalation()).build());
        // subscribed after the changes, so a client that sees "connected" misses nothing that follows
        Multi<OutboundSseEvent> keepAlive = Multi.createBy().concatenating().streams(
                Multi.createFrom().item(() -> sse.newEventBuilder().comment("connected").build()),
                Multi.createFrom().ticks().every(KEEP_ALIVE)
                        .map(tick -> sse.newEventBuilder().comment("keep-alive").build()));
        return Multi.createBy().merging().streams(changes, keepAlive);
    }

    /** The supervisor's summary over [from, to) (default: the last 24 hours), at most a year. */
    @GET
    @Path("/summary")
    @RolesAllowed(Roles.SUPERVISOR)
    public Uni<EscalationApi.Summary> summary(@QueryParam("from") String from, @QueryParam("to") String to) {
        java.time.Instant end = to == null || to.isBlank() ? java.time.Instant.now() : Params.instant(to, "to");
        java.time.Instant start = from == null || from.isBlank() ? end.minus(Duration.ofHours(24))
                : Params.instant(from, "from");
        return summaries.summary(start, end);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.CLINICIAN, Roles.SUPERVISOR})
    public Uni<EscalationView> get(@PathParam("id") String id) {
        return service.find(Ids.uuid(id)).map(mapper::toView);
    }

    /** Notifications sent about this escalation, per event and channel, with every delivery attempt. */
    @GET
    @Path("/{id}/notifications")
    @RolesAllowed(Roles.SUPERVISOR)
    public Uni<List<EscalationApi.DeliveryView>> notifications(@PathParam("id") String id) {
        return service.deliveries(Ids.uuid(id));
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
