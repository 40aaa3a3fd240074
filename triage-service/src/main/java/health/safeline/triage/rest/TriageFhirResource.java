package health.safeline.triage.rest;

import health.safeline.shared.error.ApiProblem;
import health.safeline.shared.error.Ids;
import health.safeline.shared.fhir.CapabilityStatements;
import health.safeline.shared.fhir.Fhir;
import health.safeline.shared.fhir.FhirSearch;
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
import health.safeline.shared.fhir.SearchBundles;
import health.safeline.shared.fhir.TriageOperation;
import health.safeline.shared.fhir.SearchParams;
import health.safeline.triage.service.Terminology;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.RiskAssessment;

/** Triage's FHIR surface: the $triage operation, assessments, and clinicians' clearances. */
@Path("/fhir")
@Produces({Fhir.JSON, MediaType.APPLICATION_JSON})
public class TriageFhirResource {

    private final TriageService service;
    private final TriageMapper mapper;
    private final SecurityIdentity identity;

    private final Terminology terminology;

    TriageFhirResource(TriageService service, TriageMapper mapper, SecurityIdentity identity,
            Terminology terminology) {
        this.terminology = terminology;
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
                .setDefinition(TriageOperation.DEFINITION);
        cs.resource("OperationDefinition", TypeRestfulInteraction.READ);
        cs.resource("RiskAssessment", TypeRestfulInteraction.READ, TypeRestfulInteraction.SEARCHTYPE);
        cs.resource("Communication", TypeRestfulInteraction.CREATE);
        cs.resource("CodeSystem", TypeRestfulInteraction.READ, TypeRestfulInteraction.SEARCHTYPE);
        cs.resource("ValueSet", TypeRestfulInteraction.READ, TypeRestfulInteraction.SEARCHTYPE);
        return cs.searches(TriageFhirResource.class).build();
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
        return service.find(Ids.resource("RiskAssessment", id)).map(mapper::toFhir);
    }

    /** {@code encounter=Encounter/<id>} (or a bare id): the encounter's assessment, as a searchset. */
    @GET
    @Path("/RiskAssessment")
    @RolesAllowed({Roles.SERVICE, Roles.EHR, Roles.CLINICIAN, Roles.SUPERVISOR})
    @FhirSearch(value = "RiskAssessment",
            params = @FhirSearch.Param(name = "encounter", type = SearchParamType.REFERENCE))
    public Uni<Bundle> searchRiskAssessments(@QueryParam("encounter") String encounter,
            @QueryParam("_count") String count, @QueryParam("_offset") String offset, @Context UriInfo uri) {
        if (encounter == null || encounter.isBlank()) {
            throw ApiProblem.badRequest("missing-parameter", "Search RiskAssessments by encounter");
        }
        UUID id = Ids.uuid(SearchParams.reference(encounter, "Encounter", "encounter"));
        int n = SearchBundles.count(count);
        int from = SearchBundles.offset(offset);
        return service.findByEncounter(id).map(a -> {
            List<RiskAssessment> all = a == null ? List.of() : List.of(mapper.toFhir(a));
            return SearchBundles.searchset(all.subList(Math.min(from, all.size()), Math.min(all.size(), from + n)),
                    all.size(), from, n, uri);
        });
    }

    @GET
    @Path("/OperationDefinition/{id}")
    @PermitAll
    public OperationDefinition operationDefinition(@PathParam("id") String id) {
        if (!"Encounter-triage".equals(id)) {
            throw ApiProblem.notFound("OperationDefinition/" + id);
        }
        return TriageOperation.definition();
    }

    @GET
    @Path("/CodeSystem/{id}")
    @PermitAll
    public CodeSystem codeSystem(@PathParam("id") String id) {
        return terminology.codeSystem(id).orElseThrow(() -> ApiProblem.notFound("CodeSystem/" + id));
    }

    @GET
    @Path("/CodeSystem")
    @PermitAll
    @FhirSearch(value = "CodeSystem", params = @FhirSearch.Param(name = "url", type = SearchParamType.URI),
            results = {})
    public Bundle codeSystems(@QueryParam("url") String url, @Context UriInfo uri) {
        List<CodeSystem> all = terminology.codeSystems(url);
        return SearchBundles.searchset(all, all.size(), 0, SearchBundles.MAX_COUNT, uri);
    }

    @GET
    @Path("/ValueSet/{id}")
    @PermitAll
    public ValueSet valueSet(@PathParam("id") String id) {
        return terminology.valueSet(id).orElseThrow(() -> ApiProblem.notFound("ValueSet/" + id));
    }

    @GET
    @Path("/ValueSet")
    @PermitAll
    @FhirSearch(value = "ValueSet", params = @FhirSearch.Param(name = "url", type = SearchParamType.URI),
            results = {})
    public Bundle valueSets(@QueryParam("url") String url, @Context UriInfo uri) {
        List<ValueSet> all = terminology.valueSets(url);
        return SearchBundles.searchset(all, all.size(), 0, SearchBundles.MAX_COUNT, uri);
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
