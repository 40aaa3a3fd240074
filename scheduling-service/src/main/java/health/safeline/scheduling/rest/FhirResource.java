package health.safeline.scheduling.rest;

import health.safeline.scheduling.mapping.AppointmentMapper;
import health.safeline.scheduling.repository.AppointmentRepository.Criteria;
import health.safeline.scheduling.service.BookingService;
import health.safeline.shared.error.ApiProblem;
import health.safeline.shared.error.Ids;
import health.safeline.shared.fhir.CapabilityStatements;
import health.safeline.shared.fhir.Fhir;
import health.safeline.shared.fhir.FhirSearch;
import health.safeline.shared.fhir.FhirValidation;
import health.safeline.shared.fhir.References;
import health.safeline.shared.fhir.SearchBundles;
import health.safeline.shared.fhir.SearchParams;
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
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.Reference;

/**
 * The FHIR surface: the CapabilityStatement, and Appointments (booking needs supportingInformation = the
 * triaged Encounter). Slots and Schedules are in {@link SlotFhirResource}.
 */
@Path("/fhir")
@Produces(Fhir.JSON)
public class FhirResource {

    private final BookingService service;
    private final SecurityIdentity identity;
    private final FhirValidation validation;

    FhirResource(BookingService service, SecurityIdentity identity, FhirValidation validation) {
        this.validation = validation;
        this.service = service;
        this.identity = identity;
    }

    @GET
    @Path("/metadata")
    @PermitAll
    public CapabilityStatement metadata() {
        CapabilityStatements cs = CapabilityStatements.server("scheduling-service", "0.1.0");
        cs.resource("Slot", TypeRestfulInteraction.READ, TypeRestfulInteraction.SEARCHTYPE);
        cs.resource("Schedule", TypeRestfulInteraction.READ);
        cs.resource("Appointment", TypeRestfulInteraction.READ, TypeRestfulInteraction.CREATE,
                TypeRestfulInteraction.SEARCHTYPE);
        return cs.searches(SlotFhirResource.class, FhirResource.class).build();
    }

    @GET
    @Path("/Appointment/{id}")
    @RolesAllowed({Roles.AGENT, Roles.CLINICIAN, Roles.SUPERVISOR, Roles.EHR})
    public Uni<Response> read(@PathParam("id") String id) {
        return service.find(Ids.resource("Appointment", id))
                .map(a -> Versions.ok(AppointmentMapper.toFhir(a), a.version));
    }

    /**
     * {@code patient}: {@code Patient/id} or an id; {@code date}: the start, repeatable with a prefix (see
     * {@link DateSearch}). By start, paged with {@code _count} and {@code _offset}.
     */
    @GET
    @Path("/Appointment")
    @RolesAllowed({Roles.CLINICIAN, Roles.SUPERVISOR, Roles.EHR})
    @FhirSearch(value = "Appointment", params = {
            @FhirSearch.Param(name = "patient", type = SearchParamType.REFERENCE),
            @FhirSearch.Param(name = "date", type = SearchParamType.DATE)})
    public Uni<Bundle> search(@QueryParam("patient") String patient, @QueryParam("date") List<String> dates,
            @QueryParam("_count") String countParam, @QueryParam("_offset") String offsetParam,
            @Context UriInfo uri) {
        int count = SearchBundles.count(countParam);
        int offset = SearchBundles.offset(offsetParam);
        String patientId = patient == null || patient.isBlank() ? null
                : SearchParams.reference(patient, "Patient", "patient");
        DateSearch date = DateSearch.parse(dates, "date");
        if (date.from() != null && date.to() != null && !date.to().isAfter(date.from())) {
            throw ApiProblem.badRequest("invalid-range", "The date range is empty: its upper bound must be after its lower");
        }
        return service.search(new Criteria(patientId, date.from(), date.to()), offset, count)
                .map(page -> SearchBundles.searchset(page.appointments().stream().map(AppointmentMapper::toFhir).toList(),
                        page.total(), offset, count, uri));
    }

    /** Books the Appointment's start for its Encounter; the Patient participant, if any, is recorded. */
    @POST
    @Path("/Appointment")
    @Consumes({Fhir.JSON, MediaType.APPLICATION_JSON})
    @RolesAllowed(Roles.AGENT)
    public Uni<Response> create(Appointment body) {
        Appointment appointment = ApiProblem.requireBody(body);
        String encounterId = References.first(appointment.getSupportingInformation(), "Encounter",
                "Appointment.supportingInformation").orElseThrow(() -> ApiProblem.unprocessable("missing-encounter",
                        "Appointment.supportingInformation must reference the triaged Encounter"));
        if (!appointment.hasStart()) {
            throw ApiProblem.unprocessable("missing-start", "Appointment.start is required");
        }
        String patientId = AppointmentMapper.patient(appointment).orElse(null);
        return validation.requireValid(appointment)
                .chain(valid -> service.book(Ids.uuid(encounterId), appointment.getStart().toInstant(), null,
                        patientId, Callers.id(identity)))
                .map(a -> Versions.created(AppointmentMapper.toFhir(a), a.version,
                        URI.create("/fhir/Appointment/" + a.id)));
    }

}
