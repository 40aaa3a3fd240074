package health.safeline.intake.rest;

import health.safeline.intake.mapping.IntakeMapper;
import health.safeline.intake.repository.EncounterRepository;
import health.safeline.intake.repository.PatientRepository;
import health.safeline.shared.error.ApiProblem;
import health.safeline.shared.error.Ids;
import health.safeline.shared.fhir.CapabilityStatements;
import health.safeline.shared.fhir.Fhir;
import health.safeline.shared.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;

/** FHIR read access to the calls, for EHRs and clinicians. */
@Path("/fhir")
@Produces(Fhir.JSON)
public class FhirResource {

    private final PatientRepository patients;
    private final EncounterRepository encounters;
    private final IntakeMapper mapper;

    FhirResource(PatientRepository patients, EncounterRepository encounters, IntakeMapper mapper) {
        this.patients = patients;
        this.encounters = encounters;
        this.mapper = mapper;
    }

    @GET
    @Path("/metadata")
    @PermitAll
    public CapabilityStatement metadata() {
        CapabilityStatements cs = CapabilityStatements.server("intake-service", "0.1.0");
        cs.resource("Patient", TypeRestfulInteraction.READ);
        cs.resource("Encounter", TypeRestfulInteraction.READ);
        return cs.build();
    }

    @GET
    @Path("/Patient/{id}")
    @RolesAllowed({Roles.EHR, Roles.CLINICIAN, Roles.SUPERVISOR, Roles.AGENT, Roles.SERVICE})
    public Uni<Patient> patient(@PathParam("id") String id) {
        return patients.findById(Ids.uuid(id))
                .onItem().ifNull().failWith(() -> ApiProblem.notFound("Patient/" + id))
                .map(mapper::toFhir);
    }

    @GET
    @Path("/Encounter/{id}")
    @RolesAllowed({Roles.EHR, Roles.CLINICIAN, Roles.SUPERVISOR, Roles.AGENT, Roles.SERVICE})
    public Uni<Encounter> encounter(@PathParam("id") String id) {
        return encounters.findById(Ids.uuid(id))
                .onItem().ifNull().failWith(() -> ApiProblem.notFound("Encounter/" + id))
                .map(mapper::toFhir);
    }
}
