package health.safeline.escalation.rest;

import health.safeline.escalation.mapping.SubscriptionMapper;
import health.safeline.escalation.notify.SubscriptionNotifier;
import health.safeline.escalation.service.SubscriptionService;
import health.safeline.escalation.service.SubscriptionService.Caller;
import health.safeline.shared.error.ApiProblem;
import health.safeline.shared.error.Ids;
import health.safeline.shared.fhir.Fhir;
import health.safeline.shared.security.Callers;
import health.safeline.shared.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.json.JsonString;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Subscription;

/**
 * Topic-based FHIR Subscriptions (R4 Subscriptions Backport IG, rest-hook). Only EHR clients create them
 * (supervisors have the console, not a webhook); each is visible to the client that created it only (anyone else
 * gets a 404). The client is the token's {@code azp} (a Keycloak client-credentials token), else its subject.
 * Stopping one is {@code DELETE} (status {@code off} for good; reading it afterwards is a 410).
 */
@Path("/fhir/Subscription")
@Produces(Fhir.JSON)
public class SubscriptionResource {

    private final SubscriptionService service;
    private final SubscriptionMapper mapper;
    private final SubscriptionNotifier notifier;
    private final SecurityIdentity identity;

    SubscriptionResource(SubscriptionService service, SubscriptionMapper mapper, SubscriptionNotifier notifier,
            SecurityIdentity identity) {
        this.service = service;
        this.mapper = mapper;
        this.notifier = notifier;
        this.identity = identity;
    }

    /** 201 with the stored Subscription, status {@code requested}; the handshake is sent right after. */
    @POST
    @Consumes({Fhir.JSON, MediaType.APPLICATION_JSON})
    @RolesAllowed(Roles.EHR)
    public Uni<Response> create(Subscription body) {
        return service.create(ApiProblem.requireBody(body), caller()).map(row -> {
            notifier.kick();
            return Response.created(URI.create("/fhir/Subscription/" + row.id())).entity(mapper.toFhir(row))
                    .type(Fhir.JSON).build();
        });
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.EHR)
    public Uni<Subscription> read(@PathParam("id") String id) {
        return service.read(Ids.uuid(id), caller()).map(mapper::toFhir);
    }

    /** Turns the subscription off: nothing more is matched or sent. 204, also when already deleted. */
    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.EHR)
    public Uni<Response> delete(@PathParam("id") String id) {
        return service.delete(Ids.uuid(id), caller()).replaceWith(Response.noContent().build());
    }

    /** {@code $status}: a searchset with the status Parameters (query-status), error count and backlog. */
    @GET
    @Path("/{id}/{operation: \\$status|%24status}")
    @RolesAllowed(Roles.EHR)
    public Uni<Bundle> status(@PathParam("id") String id, @Context UriInfo uri) {
        return service.status(Ids.uuid(id), caller()).map(status -> {
            Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(1);
            bundle.addLink().setRelation("self").setUrl(uri.getRequestUri().toString());
            bundle.addEntry().setFullUrl("urn:uuid:" + status.getIdElement().getIdPart()).setResource(status)
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
            return bundle;
        });
    }

    /** {@code $events}: the numbered events again (query-event), to replay what a subscriber missed. */
    @GET
    @Path("/{id}/{operation: \\$events|%24events}")
    @RolesAllowed(Roles.EHR)
    public Uni<Bundle> events(@PathParam("id") String id, @QueryParam("eventsSinceNumber") String since,
            @QueryParam("eventsUntilNumber") String until, @QueryParam("content") String content) {
        return service.events(Ids.uuid(id), caller(), since, until, content);
    }

    private Caller caller() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object azp = jwt.getClaim("azp");
            String client = azp instanceof JsonString s ? s.getString() : azp == null ? null : azp.toString();
            if (client != null && !client.isBlank()) {
                return new Caller(client);
            }
        }
        return new Caller(Callers.id(identity));
    }
}
