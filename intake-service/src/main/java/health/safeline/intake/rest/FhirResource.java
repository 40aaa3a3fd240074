package health.safeline.intake.rest;

import health.safeline.intake.mapping.IntakeMapper;
import health.safeline.intake.repository.EncounterRepository;
import health.safeline.intake.repository.PatientRepository;
import health.safeline.intake.service.RecordService;
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
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.Patient;

/** FHIR access to the calls for EHRs and clinicians: Patient and Encounter read and search, Patient update. */
@Path("/fhir")
@Produces({Fhir.JSON, MediaType.APPLICATION_JSON})
public class FhirResource {


    private final PatientRepository patients;
    private final EncounterRepository encounters;
    private final IntakeMapper mapper;
    private final RecordService records;
    private final SecurityIdentity identity;

    FhirResource(PatientRepository patients, EncounterRepository encounters, IntakeMapper mapper,
            RecordService records, SecurityIdentity identity) {
        this.patients = patients;
        this.encounters = encounters;
        this.mapper = mapper;
        this.records = records;
        this.identity = identity;
    }

    @GET
    @Path("/metadata")
    @PermitAll
    public CapabilityStatement metadata() {
        CapabilityStatements cs = CapabilityStatements.server("intake-service", "0.1.0");
        CapabilityStatementRestResourceComponent patient = cs.resource("Patient", TypeRestfulInteraction.READ,
                TypeRestfulInteraction.SEARCHTYPE, TypeRestfulInteraction.UPDATE);
        patient.setVersioning(CapabilityStatement.ResourceVersionPolicy.VERSIONEDUPDATE).setUpdateCreate(false);
        cs.resource("Encounter", TypeRestfulInteraction.READ, TypeRestfulInteraction.SEARCHTYPE);
        return cs.searches(FhirResource.class).build();
    }

    @GET
    @Path("/Patient/{id}")
    @RolesAllowed({Roles.EHR, Roles.CLINICIAN, Roles.SUPERVISOR, Roles.AGENT, Roles.SERVICE})
    public Uni<Response> patient(@PathParam("id") String id) {
        return patients.findById(Ids.resource("Patient", id))
                .onItem().ifNull().failWith(() -> ApiProblem.notFound("Patient/" + id))
                .map(p -> Versions.ok(mapper.toFhir(p), p.version + 1L));
    }

    /** {@code identifier=[system|]value}, {@code _count}, {@code _offset}. */
    @GET
    @Path("/Patient")
    @RolesAllowed({Roles.EHR, Roles.CLINICIAN, Roles.SUPERVISOR, Roles.SERVICE})
    @FhirSearch(value = "Patient", params = @FhirSearch.Param(name = "identifier", type = SearchParamType.TOKEN))
    public Uni<Bundle> searchPatients(@QueryParam("identifier") String identifier, @QueryParam("_count") String count,
            @QueryParam("_offset") String offset, @Context UriInfo uri) {
        int n = SearchBundles.count(count);
        int from = SearchBundles.offset(offset);
        return records.patients(identifier, from, n).map(page -> SearchBundles.searchset(page.items().stream()
                .map(p -> Versions.stamp(mapper.toFhir(p), p.version + 1L)).toList(), page.total(), from, n, uri));
    }

    /** Corrects demographics; {@code If-Match: W/"n"} guards against overwriting a newer version (412). */
    @PUT
    @Path("/Patient/{id}")
    @Consumes({Fhir.JSON, MediaType.APPLICATION_JSON})
    @RolesAllowed(Roles.EHR)
    public Uni<Response> updatePatient(@PathParam("id") String id, Patient body,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return records.updatePatient(Ids.resource("Patient", id), ApiProblem.requireBody(body), ifMatch,
                        Callers.id(identity))
                .map(p -> Versions.ok(mapper.toFhir(p), p.version + 1L));
    }

    @GET
    @Path("/Encounter/{id}")
    @RolesAllowed({Roles.EHR, Roles.CLINICIAN, Roles.SUPERVISOR, Roles.AGENT, Roles.SERVICE})
    public Uni<Response> encounter(@PathParam("id") String id) {
        return encounters.findById(Ids.resource("Encounter", id))
                .onItem().ifNull().failWith(() -> ApiProblem.notFound("Encounter/" + id))
                .map(e -> Versions.ok(mapper.toFhir(e), e.version + 1L));
    }

    /** {@code patient}, {@code status} (in-progress, triaged), {@code date} (period start), newest first. */
    @GET
    @Path("/Encounter")
    @RolesAllowed({Roles.EHR, Roles.CLINICIAN, Roles.SUPERVISOR, Roles.SERVICE})
    @FhirSearch(value = "Encounter", params = {
            @FhirSearch.Param(name = "patient", type = SearchParamType.REFERENCE),
            @FhirSearch.Param(name = "status", type = SearchParamType.TOKEN),
            @FhirSearch.Param(name = "date", type = SearchParamType.DATE)})
    public Uni<Bundle> searchEncounters(@QueryParam("patient") String patient, @QueryParam("status") String status,
            @QueryParam("date") List<String> dates, @QueryParam("_count") String count,
            @QueryParam("_offset") String offset, @Context UriInfo uri) {
        int n = SearchBundles.count(count);
        int from = SearchBundles.offset(offset);
        return records.encounters(patient, status, dates, from, n).map(page -> SearchBundles.searchset(page.items()
                .stream().map(e -> Versions.stamp(mapper.toFhir(e), e.version + 1L)).toList(), page.total(), from, n,
                uri));
    }
}
