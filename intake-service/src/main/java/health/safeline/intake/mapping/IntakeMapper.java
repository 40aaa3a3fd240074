package health.safeline.intake.mapping;

import com.fasterxml.jackson.core.type.TypeReference;
import health.safeline.intake.entity.EncounterEntity;
import health.safeline.intake.entity.PatientEntity;
import health.safeline.intake.rest.IntakeApi.IntakeResponse;
import health.safeline.intake.rest.IntakeApi.PatientInput;
import health.safeline.intake.rest.IntakeApi.TriageView;
import health.safeline.api.Clearance;
import health.safeline.api.RedFlag;
import health.safeline.api.TriageDecision;
import health.safeline.api.TriageExplanation;
import health.safeline.api.Vitals;
import health.safeline.shared.fhir.Fhir;
import health.safeline.shared.fhir.TriageOperation;
import health.safeline.shared.fhir.VitalSigns;
import health.safeline.shared.persistence.JsonColumns;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

/** Entities to the FHIR wire model and to the agent's JSON answer. */
@ApplicationScoped
public class IntakeMapper {

    public static final String UNAVAILABLE =
            "Triage unavailable: do not book, transfer the caller to the nurse line.";

    private final JsonColumns json;

    IntakeMapper(JsonColumns json) {
        this.json = json;
    }

    public Patient toFhir(PatientEntity p) {
        Patient patient = new Patient();
        patient.setId(p.id.toString());
        patient.addIdentifier().setSystem(Fhir.ID_PATIENT).setValue(p.identifier);
        if (p.name != null) {
            patient.addName().setText(p.name);
        }
        if (p.birthDate != null) {
            patient.setBirthDate(java.sql.Date.valueOf(p.birthDate));
        }
        if (p.sex != null) {
            patient.setGender(AdministrativeGender.fromCode(p.sex));
        }
        if (p.phone != null) {
            patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(p.phone);
        }
        return patient;
    }

    public Encounter toFhir(EncounterEntity e) {
        Encounter encounter = new Encounter();
        encounter.setId(e.id.toString());
        encounter.setStatus(EncounterEntity.TRIAGED.equals(e.status)
                ? Encounter.EncounterStatus.TRIAGED : Encounter.EncounterStatus.INPROGRESS);
        encounter.setClass_(new Coding(Fhir.ACT_CODE, "VR", "virtual"));
        encounter.setSubject(new Reference("Patient/" + e.patientId));
        encounter.addReasonCode(new CodeableConcept().setText(e.reason));
        encounter.getPeriod().setStart(Date.from(e.createdAt));
        if (e.priority != null) {
            encounter.setPriority(new CodeableConcept(new Coding(Fhir.ACT_PRIORITY, e.priority, null)));
        }
        return encounter;
    }

    /** The call for triage: the patient's age and sex as the caller gave them, else as the record has them. */
    public TriageOperation.Request triageRequest(EncounterEntity e, PatientEntity p) {
        Reference subject = new Reference("Patient/" + p.id);
        Reference encounter = new Reference("Encounter/" + e.id);
        Vitals vitals = vitals(e);
        Patient patient = toFhir(p);
        if (e.statedBirthDate != null) {
            patient.setBirthDate(java.sql.Date.valueOf(e.statedBirthDate));
        }
        if (e.statedSex != null) {
            patient.setGender(AdministrativeGender.fromCode(e.statedSex));
        }
        return new TriageOperation.Request(toFhir(e), patient,
                VitalSigns.toObservations(vitals, subject, encounter, Date.from(e.createdAt)), e.narrative,
                medications(e));
    }

    /** The medications named on the call, as stored one per line. */
    public static List<String> medications(EncounterEntity e) {
        return e.medications == null ? List.of() : List.of(e.medications.split("\n"));
    }

    /** Medication names as stored: one per line, blank ones dropped; null when none. */
    public static String medications(List<String> names) {
        if (names == null) {
            return null;
        }
        String joined = names.stream().map(n -> n.replaceAll("\\s+", " ").strip()).filter(n -> !n.isEmpty())
                .collect(java.util.stream.Collectors.joining("\n"));
        return joined.isEmpty() ? null : joined;
    }

    public Vitals vitals(EncounterEntity e) {
        return new Vitals(e.systolic, e.diastolic, e.heartRate, e.respiratoryRate, e.temperatureC, e.spo2, e.glucose);
    }

    public void applyVitals(EncounterEntity e, Vitals v) {
        if (v != null) {
            e.systolic = v.systolic();
            e.diastolic = v.diastolic();
            e.heartRate = v.heartRate();
            e.respiratoryRate = v.respiratoryRate();
            e.temperatureC = v.temperatureC();
            e.spo2 = v.spo2();
            e.glucose = v.glucose();
        }
    }

    /** Stores triage's decision on the encounter. */
    public void applyDecision(EncounterEntity e, TriageDecision d) {
        e.status = EncounterEntity.TRIAGED;
        e.triageState = EncounterEntity.DONE;
        e.level = d.level().code();
        e.priority = d.level().actPriority();
        e.assessmentId = d.assessmentId();
        e.redFlags = json.write(d.redFlags());
        e.agentInstructions = d.agentInstructions();
        e.protocolVersion = d.protocolVersion();
        e.escalationId = d.escalationId();
        e.clearance = json.write(d.clearance());
        e.explanation = json.write(d.explanation());
        e.triagedAt = java.time.Instant.now();
    }

    public IntakeResponse toResponse(EncounterEntity e) {
        if (!EncounterEntity.DONE.equals(e.triageState)) {
            return new IntakeResponse(e.id.toString(), "untriaged",
                    new TriageView(null, List.of(), UNAVAILABLE, null, null, null, List.of(), null), differs(e));
        }
        List<RedFlag> flags = json.read(e.redFlags, new TypeReference<>() { });
        Clearance clearance = json.read(e.clearance, new TypeReference<>() { });
        TriageExplanation explanation = e.explanation == null ? TriageExplanation.NONE
                : json.read(e.explanation, new TypeReference<>() { });
        return new IntakeResponse(e.id.toString(), EncounterEntity.TRIAGED,
                new TriageView(e.level, flags, e.agentInstructions, e.protocolVersion, e.escalationId, clearance,
                        explanation.protocolIds(), explanation),
                differs(e));
    }

    private static List<String> differs(EncounterEntity e) {
        return e.patientDiffers == null ? List.of() : List.of(e.patientDiffers.split(","));
    }

    /** Records on the call the details the caller gave, and which of them differ from the patient's record. */
    public void applyStated(EncounterEntity e, PatientInput in, PatientEntity record) {
        e.statedName = in.name();
        e.statedBirthDate = in.birthDate();
        e.statedSex = in.sex();
        e.statedPhone = in.phone();
        List<String> differ = new java.util.ArrayList<>(4);
        differ(differ, "name", in.name(), record.name);
        differ(differ, "birthDate", in.birthDate(), record.birthDate);
        differ(differ, "sex", in.sex(), record.sex);
        differ(differ, "phone", in.phone(), record.phone);
        e.patientDiffers = differ.isEmpty() ? null : String.join(",", differ);
    }

    private static void differ(List<String> differ, String field, Object stated, Object recorded) {
        if (stated != null && recorded != null && !stated.equals(recorded)) {
            differ.add(field);
        }
    }


}
