package health.safeline.escalation.rest;

import health.safeline.escalation.mapping.Backport;
import health.safeline.escalation.mapping.EscalationMapper;
import health.safeline.escalation.service.EscalationService;
import health.safeline.escalation.service.SubscriptionTopics;
import health.safeline.shared.error.ApiProblem;
import health.safeline.shared.error.Ids;
import health.safeline.shared.fhir.CapabilityStatements;
import health.safeline.shared.fhir.Fhir;
import health.safeline.shared.fhir.FhirSearch;
import health.safeline.shared.fhir.SearchBundles;
import health.safeline.shared.fhir.Versions;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.Task;

/**
 * FHIR side: triage delivers alerts here; clinicians and EHRs read and search them, and each escalation as a
 * Task. The CapabilityStatement also lists the Subscriptions of {@link SubscriptionResource} and their topics.
 */
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
        CapabilityStatementRestResourceComponent communication = cs.resource("Communication",
                TypeRestfulInteraction.READ, TypeRestfulInteraction.CREATE, TypeRestfulInteraction.SEARCHTYPE);
        communication.setVersioning(CapabilityStatement.ResourceVersionPolicy.VERSIONED);
        cs.searches(CommunicationResource.class);
        cs.resource("Task", TypeRestfulInteraction.READ);
        CapabilityStatementRestResourceComponent subscription = cs.resource("Subscription",
                TypeRestfulInteraction.CREATE, TypeRestfulInteraction.READ, TypeRestfulInteraction.DELETE);
        subscription.addSupportedProfile(Backport.PROFILE_SUBSCRIPTION);
        subscription.addOperation().setName("status").setDefinition(Backport.OPERATION_STATUS);
        subscription.addOperation().setName("events").setDefinition(Backport.OPERATION_EVENTS);
        for (SubscriptionTopics.Topic topic : SubscriptionTopics.ALL) {
            subscription.addExtension(Backport.EXT_TOPIC_CANONICAL, new CanonicalType(topic.url()));
        }
        return cs.build();
    }

    /**
     * Every received call, newest first: {@code encounter} ({@code Encounter/id} or id), {@code subject}
     * ({@code Patient/id} or id) and {@code status} (the received Communication's status; comma-separated codes
     * of the FHIR event-status value set, anything else is a 400), with {@code _count} and {@code _offset}.
     */
    @GET
    @Path("/Communication")
    @RolesAllowed({Roles.CLINICIAN, Roles.SUPERVISOR, Roles.SERVICE, Roles.EHR})
    @FhirSearch(value = "Communication", params = {
            @FhirSearch.Param(name = "encounter", type = SearchParamType.REFERENCE),
            @FhirSearch.Param(name = "subject", type = SearchParamType.REFERENCE),
            @FhirSearch.Param(name = "status", type = SearchParamType.TOKEN)})
    public Uni<Bundle> search(@QueryParam("encounter") String encounter, @QueryParam("subject") String subject,
            @QueryParam("status") String status, @QueryParam("_count") String countParam,
            @QueryParam("_offset") String offsetParam, @Context UriInfo uri) {
        int count = SearchBundles.count(countParam);
        int offset = SearchBundles.offset(offsetParam);
        return service.searchCalls(encounter, subject, status, offset, count)
                .map(page -> SearchBundles.searchset(page.calls().stream().map(mapper::toFhir).toList(),
                        page.total(), offset, count, uri));
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
            return receipt.created()
                    ? Versions.created(stored, EscalationMapper.VERSION, URI.create("/fhir/Communication/"
                            + receipt.call().id))
                    : Versions.ok(stored, EscalationMapper.VERSION);
        });
    }

    /** The call as received, {@code meta.versionId} 1 with {@code ETag: W/"1"} (a received call never changes). */
    @GET
    @Path("/Communication/{id}")
    @RolesAllowed({Roles.CLINICIAN, Roles.SUPERVISOR, Roles.SERVICE, Roles.EHR})
    public Uni<Response> read(@PathParam("id") String id) {
        return service.call(Ids.resource("Communication", id)).map(mapper::toFhir)
                .map(c -> Versions.ok(c, EscalationMapper.VERSION));
    }

    /** The escalation as a Task (owner, status, deadline, outcome); a call's id resolves to its escalation. */
    @GET
    @Path("/Task/{id}")
    @RolesAllowed({Roles.CLINICIAN, Roles.SUPERVISOR, Roles.SERVICE, Roles.EHR, Roles.AUDITOR})
    public Uni<Task> task(@PathParam("id") String id) {
        return service.find(Ids.resource("Task", id)).map(mapper::toTask);
    }
}
