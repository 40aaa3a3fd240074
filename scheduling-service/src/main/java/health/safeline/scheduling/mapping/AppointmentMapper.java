package health.safeline.scheduling.mapping;

import health.safeline.scheduling.entity.AppointmentEntity;
import health.safeline.scheduling.rest.SchedulingApi.AppointmentView;
import health.safeline.shared.error.ApiProblem;
import health.safeline.shared.fhir.References;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/** Appointments to the JSON and FHIR wire models. */
public final class AppointmentMapper {

    private AppointmentMapper() {
    }

    public static AppointmentView toView(AppointmentEntity a) {
        return new AppointmentView(a.id.toString(), a.encounterId.toString(), a.start, a.end, a.practitionerId,
                a.status);
    }

    public static Appointment toFhir(AppointmentEntity a) {
        Appointment appointment = new Appointment();
        appointment.setId(a.id.toString());
        appointment.getMeta().setVersionId(Integer.toString(a.version))
                .setLastUpdatedElement(FhirTimes.instant(a.createdAt));
        appointment.setStatus(Appointment.AppointmentStatus.BOOKED);
        appointment.setStartElement(FhirTimes.instant(a.start));
        appointment.setEndElement(FhirTimes.instant(a.end));
        appointment.setCreatedElement(FhirTimes.dateTime(a.createdAt));
        if (a.scheduleId != null) {
            appointment.addSlot(new Reference("Slot/" + SlotMapper.slotId(a.scheduleId, a.start)));
        }
        appointment.addSupportingInformation(new Reference("Encounter/" + a.encounterId));
        if (a.patientId != null) {
            appointment.addParticipant()
                    .setActor(new Reference("Patient/" + a.patientId))
                    .setRequired(Appointment.ParticipantRequired.REQUIRED)
                    .setStatus(Appointment.ParticipationStatus.ACCEPTED);
        }
        appointment.addParticipant()
                .setActor(new Reference().setType("Practitioner").setIdentifier(
                        new Identifier().setSystem(SlotMapper.ID_PRACTITIONER).setValue(a.practitionerId)))
                .setRequired(Appointment.ParticipantRequired.REQUIRED)
                .setStatus(Appointment.ParticipationStatus.ACCEPTED);
        return appointment;
    }

    /** The id of the one Patient among the participants, if one is named; two Patients are a 422. */
    public static Optional<String> patient(Appointment appointment) {
        List<String> patients = appointment.getParticipant().stream()
                .map(p -> References.find(p.getActor(), "Appointment.participant.actor"))
                .flatMap(Optional::stream)
                .filter(r -> r.type().equals("Patient"))
                .map(References.Ref::id).distinct().toList();
        if (patients.size() > 1) {
            throw ApiProblem.unprocessable("multiple-patients", "An Appointment is for one Patient");
        }
        return patients.stream().findFirst();
    }
}
