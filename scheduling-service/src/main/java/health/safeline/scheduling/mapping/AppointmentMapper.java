package health.safeline.scheduling.mapping;

import health.safeline.scheduling.entity.AppointmentEntity;
import health.safeline.scheduling.rest.SchedulingApi.AppointmentView;
import java.util.Date;
import org.hl7.fhir.r4.model.Appointment;
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
        appointment.setStatus(Appointment.AppointmentStatus.BOOKED);
        appointment.setStart(Date.from(a.start));
        appointment.setEnd(Date.from(a.end));
        appointment.addSupportingInformation(new Reference("Encounter/" + a.encounterId));
        appointment.addParticipant()
                .setActor(new Reference().setDisplay(a.practitionerId))
                .setStatus(Appointment.ParticipationStatus.ACCEPTED);
        return appointment;
    }
}
