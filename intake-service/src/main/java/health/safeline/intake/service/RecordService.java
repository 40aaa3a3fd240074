package health.safeline.intake.service;

import health.safeline.intake.entity.EncounterEntity;
import health.safeline.intake.entity.PatientEntity;
import health.safeline.intake.repository.EncounterRepository;
import health.safeline.intake.repository.PatientRepository;
import health.safeline.shared.audit.AuditLog;
import health.safeline.api.Limits;
import health.safeline.shared.error.ApiProblem;
import health.safeline.shared.error.Params;
import health.safeline.shared.fhir.Fhir;
import health.safeline.shared.fhir.FhirValidation;
import health.safeline.shared.fhir.SearchParams;
import health.safeline.shared.fhir.Versions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.jboss.logging.Logger;

/** FHIR searches over the recorded calls, and corrections of a patient's demographics by an EHR. */
@ApplicationScoped
public class RecordService {

    /** A page of search results and the number of all matches. */
    public record Page<T>(List<T> items, long total) {
    }

    private static final Logger LOG = Logger.getLogger(RecordService.class);
    private static final Map<String, String> ENCOUNTER_STATUS = Map.of(
            "in-progress", EncounterEntity.IN_PROGRESS, "triaged", EncounterEntity.TRIAGED);

    private final PatientRepository patients;
    private final EncounterRepository encounters;
    private final FhirValidation validation;
    private final AuditLog audit;

    RecordService(PatientRepository patients, EncounterRepository encounters, FhirValidation validation,
            AuditLog audit) {
        this.patients = patients;
        this.encounters = encounters;
        this.validation = validation;
        this.audit = audit;
    }

    /** Patients by {@code identifier} ({@code [system|]value}); all when absent. */
    public Uni<Page<PatientEntity>> patients(String identifier, int offset, int count) {
        if (identifier == null || identifier.isBlank()) {
            return page(() -> patients.findAll(io.quarkus.panache.common.Sort.by("identifier")), offset, count);
        }
        String value = Params.identifier(SearchParams.token(identifier, "identifier"), "identifier", Limits.IDENTIFIER);
        int bar = identifier.indexOf('|');
        if (bar > 0 && !Fhir.ID_PATIENT.equals(identifier.substring(0, bar).strip())) {
            return Uni.createFrom().item(new Page<>(List.of(), 0));
        }
        return page(() -> patients.find("identifier", value), offset, count);
    }

    /** Encounters by patient, FHIR status and period start date bounds, newest first. */
    public Uni<Page<EncounterEntity>> encounters(String patient, String status, List<String> dates, int offset,
            int count) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (patient != null && !patient.isBlank()) {
            where.append(" and patientId = :patient");
            params.and("patient", uuid(SearchParams.reference(patient, "Patient", "patient"), "patient"));
        }
        if (status != null && !status.isBlank()) {
            String value = ENCOUNTER_STATUS.get(SearchParams.token(status, "status"));
            if (value == null) {
                throw ApiProblem.badRequest("invalid-value", "status must be in-progress or triaged "
                        + "(the states a Safeline call Encounter takes)");
            }
            where.append(" and status = :status");
            params.and("status", value);
        }
        List<SearchParams.DateBound> bounds = SearchParams.dates(dates, "date");
        for (int i = 0; i < bounds.size(); i++) {
            where.append(" and createdAt ").append(bounds.get(i).operator()).append(" :d").append(i);
            params.and("d" + i, bounds.get(i).at());
        }
        return page(() -> encounters.find(where + " order by createdAt desc, id", params), offset, count);
    }

    /**
     * Replaces a patient's name, birth date, gender and phone (the identifier cannot change), after
     * validating the resource; {@code If-Match} with another version is a 412.
     */
    public Uni<PatientEntity> updatePatient(UUID id, Patient body, String ifMatch, String actor) {
        if (body.hasIdElement() && body.getIdElement().hasIdPart() && !id.toString().equals(body.getIdElement().getIdPart())) {
            throw ApiProblem.badRequest("id-mismatch", "Patient.id must equal the id in the URL");
        }
        Versions.ifMatch(ifMatch);
        return validation.requireValid(body).chain(valid -> Panache.withTransaction(() -> patients.findById(id)
                .onItem().ifNull().failWith(() -> ApiProblem.notFound("Patient/" + id))
                .invoke(p -> {
                    Versions.requireMatch(ifMatch, p.version + 1L);
                    String identifier = body.getIdentifier().stream()
                            .filter(i -> Fhir.ID_PATIENT.equals(i.getSystem())).map(Identifier::getValue)
                            .findFirst().orElse(null);
                    if (!p.identifier.equals(identifier)) {
                        throw ApiProblem.unprocessable("identifier-changed", "Patient.identifier (system "
                                + Fhir.ID_PATIENT + ") must be kept: it is how calls find the patient");
                    }
                    LocalDate birth = body.hasBirthDate()
                            ? body.getBirthDate().toInstant().atZone(ZoneOffset.UTC).toLocalDate() : null;
                    if (birth != null && !Limits.isPossibleBirthDate(birth)) {
                        throw ApiProblem.unprocessable("invalid-birth-date", "Patient.birthDate is not a possible birth date");
                    }
                    p.name = limited(body.hasName() ? body.getNameFirstRep().getText() != null
                            ? body.getNameFirstRep().getText() : body.getNameFirstRep().getNameAsSingleString() : null,
                            "Patient.name", Limits.NAME);
                    p.birthDate = birth;
                    p.sex = body.hasGender() ? body.getGender().toCode() : null;
                    p.phone = limited(body.getTelecom().stream()
                            .filter(t -> t.getSystem() == ContactPoint.ContactPointSystem.PHONE)
                            .map(ContactPoint::getValue).findFirst().orElse(null), "Patient.telecom (phone)",
                            Limits.PHONE);
                    p.updatedAt = Instant.now();
                })
                .call(patients::flush)
                .call(p -> audit.record(actor, "patient.update", "Patient", p.id, AuditLog.SUCCESS, null))))
                .invoke(p -> LOG.infof("Patient %s updated to version %d", p.id, p.version + 1));
    }

    /** {@code value} when it fits the limit the agent's API also keeps; a 422 otherwise. */
    private static String limited(String value, String element, int max) {
        if (value != null && value.length() > max) {
            throw ApiProblem.unprocessable("too-long", element + " is longer than " + max + " characters");
        }
        return value;
    }

    private static <T> Uni<Page<T>> page(Supplier<PanacheQuery<T>> search, int offset, int count) {
        return Panache.withSession(() -> {
            PanacheQuery<T> query = search.get();
            return query.count().chain(total -> query.range(offset, offset + count - 1).list()
                    .map(items -> new Page<>(items, total)));
        });
    }

    private static UUID uuid(String id, String name) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("invalid-value", name + " must reference a Safeline id");
        }
    }
}
