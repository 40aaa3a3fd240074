package health.safeline.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import health.safeline.shared.testing.TestTokens;
import health.safeline.system.Suite.Service;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import ca.uhn.fhir.rest.api.MethodOutcome;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Contract tests an EHR integrator would run: HAPI's own {@link IGenericClient} against the four running
 * services (read, search, paging, create, errors as OperationOutcomes), and every resource they return is
 * validated against base R4 with {@link FhirInstanceValidator}: no error allowed.
 */
class FhirContractIT {

    static final Suite SUITE = new Suite();
    static final FhirContext FHIR = FhirContext.forR4();
    static FhirValidator validator;
    static final List<IBaseResource> RETURNED = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        SUITE.startAll();
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        FhirInstanceValidator module = new FhirInstanceValidator(new ValidationSupportChain(
                new DefaultProfileValidationSupport(FHIR), new CommonCodeSystemsTerminologyService(FHIR),
                new InMemoryTerminologyServerValidationSupport(FHIR), new SnapshotGeneratingValidationSupport(FHIR)));
        module.setAnyExtensionsAllowed(true);
        validator = FHIR.newValidator().registerValidatorModule(module);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        SUITE.stopAll();
    }

    /** A client of {@code service}'s FHIR base acting as {@code role}. */
    static IGenericClient client(Service service, String role) {
        IGenericClient client = FHIR.newRestfulGenericClient(service.url() + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(TestTokens.bearer(role).substring("Bearer ".length())));
        return client;
    }

    /** Remembers {@code resource} for validation and returns it. */
    static <T extends IBaseResource> T seen(T resource) {
        assertNotNull(resource);
        RETURNED.add(resource);
        if (resource instanceof Bundle bundle) {
            bundle.getEntry().forEach(e -> RETURNED.add(e.getResource()));
        }
        return resource;
    }

    static void assertAllValid() {
        List<String> errors = new ArrayList<>();
        for (IBaseResource r : RETURNED) {
            validator.validateWithResult(r).getMessages().stream()
                    .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                    .forEach(m -> errors.add(r.fhirType() + "/" + r.getIdElement().getIdPart() + " "
                            + m.getLocationString() + ": " + m.getMessage()));
        }
        assertEquals(List.of(), errors, RETURNED.size() + " resources validated");
    }

    @Test
    void anEhrReadsSearchesAndPagesEveryServiceAndEverythingValidates() throws InterruptedException {
        JsonPath red = SafetyPathIT.triaged(Service.INTAKE.url(),
                SafetyPathIT.intake("suspected blood clot", "Her left calf is swollen, red and painful since yesterday."));
        String encounterId = red.getString("encounterId");
        String escalationId = red.getString("triage.escalationId");
        assertNotNull(escalationId, red.prettify());

        for (Service s : Service.values()) {
            CapabilityStatement cs = seen(client(s, "ehr").capabilities().ofType(CapabilityStatement.class).execute());
            assertFalse(cs.getRestFirstRep().getResource().isEmpty(), s.module());
        }

        // intake: Encounter and Patient, read and search with paging
        IGenericClient intake = client(Service.INTAKE, "ehr");
        Encounter encounter = seen(intake.read().resource(Encounter.class).withId(encounterId).execute());
        assertNotNull(encounter.getMeta().getVersionId(), "meta.versionId");
        String patientId = encounter.getSubject().getReferenceElement().getIdPart();
        Patient patient = seen(intake.read().resource(Patient.class).withId(patientId).execute());
        String mrn = patient.getIdentifierFirstRep().getValue();
        Bundle byIdentifier = seen(intake.search().forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndCode("urn:safeline:patient-identifier", mrn))
                .returnBundle(Bundle.class).execute());
        assertEquals(1, byIdentifier.getTotal());
        SafetyPathIT.intake("prescription refill", "Needs a refill of her metformin, feels fine.");
        Bundle page = seen(intake.search().forResource(Encounter.class).count(1).returnBundle(Bundle.class).execute());
        assertTrue(page.getTotal() >= 2);
        assertNotNull(page.getLink(Bundle.LINK_NEXT), "a next link on the first page");
        Bundle second = seen(intake.loadPage().next(page).execute());
        assertEquals(1, second.getEntry().size());
        assertFalse(page.getEntryFirstRep().getResource().getIdElement().getIdPart()
                .equals(second.getEntryFirstRep().getResource().getIdElement().getIdPart()));

        // triage: the assessment, searched by encounter; the published terminology
        IGenericClient triage = client(Service.TRIAGE, "ehr");
        Bundle assessments = seen(triage.search().forResource(RiskAssessment.class)
                .where(RiskAssessment.ENCOUNTER.hasId("Encounter/" + encounterId)).returnBundle(Bundle.class).execute());
        assertEquals(1, assessments.getTotal());
        seen(triage.read().resource(RiskAssessment.class)
                .withId(assessments.getEntryFirstRep().getResource().getIdElement().getIdPart()).execute());
        seen(triage.read().resource(CodeSystem.class).withId("red-flag").execute());
        seen(triage.read().resource(ValueSet.class).withId("triage-level").execute());

        // escalation: the alert as received, the escalation as a Task, the audit trail for auditors
        IGenericClient escalation = client(Service.ESCALATION, "ehr");
        Communication alert = seen(escalation.read().resource(Communication.class).withId(escalationId).execute());
        assertEquals("Encounter/" + encounterId, alert.getEncounter().getReference());
        seen(escalation.read().resource(Task.class).withId(escalationId).execute());
        Bundle trail = seen(client(Service.ESCALATION, "auditor").search().forResource(AuditEvent.class)
                .where(AuditEvent.ENTITY.hasId("Communication/" + escalationId)).returnBundle(Bundle.class).execute());
        assertTrue(trail.getTotal() >= 1);
        Bundle calls = seen(escalation.search().forResource(Communication.class)
                .where(Communication.ENCOUNTER.hasId("Encounter/" + encounterId)).returnBundle(Bundle.class).execute());
        assertEquals(1, calls.getTotal());

        // scheduling: free slots, paged; a cleared routine call booked by an EHR through FHIR create
        IGenericClient scheduling = client(Service.SCHEDULING, "ehr");
        Bundle slots = seen(scheduling.search().forResource(Slot.class).where(Slot.STATUS.exactly().code("free"))
                .count(5).returnBundle(Bundle.class).execute());
        assertEquals(5, slots.getEntry().size());
        Bundle moreSlots = seen(scheduling.loadPage().next(slots).execute());
        assertFalse(moreSlots.getEntry().isEmpty());
        Slot slot = (Slot) slots.getEntry().get(2).getResource();
        seen(scheduling.read().resource(Schedule.class).withId(slot.getSchedule().getReferenceElement().getIdPart())
                .execute());
        JsonPath routine = SafetyPathIT.triaged(Service.INTAKE.url(),
                SafetyPathIT.intake("prescription refill", "Needs a refill of his statin, feels fine."));
        assertEquals("routine", routine.getString("triage.level"), routine.prettify());
        Appointment proposed = new Appointment();
        proposed.setStatus(Appointment.AppointmentStatus.PROPOSED).setStart(slot.getStart()).setEnd(slot.getEnd());
        proposed.addSupportingInformation(new Reference("Encounter/" + routine.getString("encounterId")));
        proposed.addParticipant().setActor(new Reference("Patient/" + routine.getString("triage.clearance.patientId")))
                .setStatus(Appointment.ParticipationStatus.NEEDSACTION);
        MethodOutcome created = client(Service.SCHEDULING, "agent").create().resource(proposed).execute();
        assertTrue(created.getCreated());
        Appointment booked = seen(scheduling.read().resource(Appointment.class)
                .withId(created.getId().getIdPart()).execute());
        assertEquals(Appointment.AppointmentStatus.BOOKED, booked.getStatus());
        Bundle appointments = seen(scheduling.search().forResource(Appointment.class)
                .where(Appointment.PATIENT.hasId("Patient/" + routine.getString("triage.clearance.patientId")))
                .returnBundle(Bundle.class).execute());
        assertEquals(1, appointments.getTotal());

        assertAllValid();
    }

    @Test
    void errorsComeBackAsOperationOutcomesWithTheRightStatus() {
        IGenericClient intake = client(Service.INTAKE, "ehr");
        ResourceNotFoundException missing = assertThrows(ResourceNotFoundException.class,
                () -> intake.read().resource(Patient.class).withId("00000000-0000-0000-0000-000000000000").execute());
        assertOutcome(missing, 404);
        BaseServerResponseException bad = assertThrows(BaseServerResponseException.class,
                () -> intake.search().forResource(Encounter.class).where(Encounter.STATUS.exactly().code("finished"))
                        .returnBundle(Bundle.class).execute());
        assertOutcome(bad, 400);
        Appointment uncleared = new Appointment();
        uncleared.setStatus(Appointment.AppointmentStatus.PROPOSED);
        uncleared.addSupportingInformation(new Reference("Encounter/00000000-0000-0000-0000-000000000000"));
        uncleared.addParticipant().setStatus(Appointment.ParticipationStatus.NEEDSACTION)
                .setActor(new Reference("Patient/x"));
        uncleared.setStart(new java.util.Date(System.currentTimeMillis() + 86_400_000L))
                .setEnd(new java.util.Date(System.currentTimeMillis() + 87_600_000L));
        BaseServerResponseException refused = assertThrows(BaseServerResponseException.class,
                () -> client(Service.SCHEDULING, "agent").create().resource(uncleared).execute());
        assertOutcome(refused, 409);
        BaseServerResponseException forbidden = assertThrows(BaseServerResponseException.class,
                () -> client(Service.ESCALATION, "agent").read().resource(Task.class)
                        .withId("00000000-0000-0000-0000-000000000000").execute());
        assertOutcome(forbidden, 403);
    }

    /**
     * Each service's OpenAPI document describes a FHIR resource by a link to its R4 page, not by HAPI's Java model
     * (which is not the JSON on the wire: getters, enum factories, XhtmlNode, hundreds of schemas).
     */
    @Test
    void openApiDocumentsPointFhirResourcesToTheSpecification() {
        List<String> problems = new ArrayList<>();
        for (Service service : Service.values()) {
            JsonPath openApi = JsonPath.from(io.restassured.RestAssured.get(service.url() + "/q/openapi?format=json")
                    .then().statusCode(200).extract().asString());
            Map<String, Map<String, Object>> schemas = openApi.getMap("components.schemas");
            schemas.forEach((name, schema) -> {
                boolean hapiType = Stream.of("org.hl7.fhir.r4.model.", "org.hl7.fhir.instance.model.api.",
                        "org.hl7.fhir.utilities.xhtml.").anyMatch(p -> exists(p + name));
                Object docs = schema.get("externalDocs");
                String url = docs instanceof Map<?, ?> d ? String.valueOf(d.get("url")) : "";
                if (hapiType && !url.equals("https://hl7.org/fhir/R4/" + name.toLowerCase() + ".html")) {
                    problems.add(service.module() + ": schema " + name + " is HAPI's Java model");
                }
            });
            assertTrue(schemas.containsKey("CapabilityStatement"), service.module() + " documents /fhir/metadata");
        }
        assertEquals(List.of(), problems);
    }

    private static boolean exists(String className) {
        try {
            Class.forName(className, false, FhirContractIT.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static void assertOutcome(BaseServerResponseException e, int status) {
        assertEquals(status, e.getStatusCode());
        assertTrue(e.getOperationOutcome() instanceof OperationOutcome, "an OperationOutcome body");
        assertFalse(((OperationOutcome) e.getOperationOutcome()).getIssue().isEmpty());
    }
}
