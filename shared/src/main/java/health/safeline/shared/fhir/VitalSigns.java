package health.safeline.shared.fhir;

import health.safeline.api.Vitals;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/** Vitals as FHIR vital-sign Observations with LOINC codes and UCUM units, both ways. */
public final class VitalSigns {

    static final String PANEL = "85354-9";
    static final String SYSTOLIC = "8480-6";
    static final String DIASTOLIC = "8462-4";
    static final String HEART_RATE = "8867-4";
    static final String RESPIRATORY_RATE = "9279-1";
    static final String TEMPERATURE = "8310-5";
    static final String SPO2 = "59408-5";
    static final String GLUCOSE = "2339-0";

    private VitalSigns() {
    }

    public static List<Observation> toObservations(Vitals v, Reference subject, Reference encounter, Date when) {
        List<Observation> list = new ArrayList<>();
        if (v == null) {
            return list;
        }
        if (v.systolic() != null || v.diastolic() != null) {
            Observation bp = observation(PANEL, "Blood pressure panel", subject, encounter, when);
            if (v.systolic() != null) {
                bp.addComponent(component(SYSTOLIC, "Systolic blood pressure", v.systolic(), "mm[Hg]", "mmHg"));
            }
            if (v.diastolic() != null) {
                bp.addComponent(component(DIASTOLIC, "Diastolic blood pressure", v.diastolic(), "mm[Hg]", "mmHg"));
            }
            list.add(bp);
        }
        add(list, v.heartRate(), HEART_RATE, "Heart rate", "/min", "beats/minute", subject, encounter, when);
        add(list, v.respiratoryRate(), RESPIRATORY_RATE, "Respiratory rate", "/min", "breaths/minute", subject,
                encounter, when);
        add(list, v.temperatureC(), TEMPERATURE, "Body temperature", "Cel", "C", subject, encounter, when);
        add(list, v.spo2(), SPO2, "Oxygen saturation", "%", "%", subject, encounter, when);
        add(list, v.glucose(), GLUCOSE, "Glucose", "mg/dL", "mg/dL", subject, encounter, when);
        return list;
    }

    public static Vitals fromObservations(List<Observation> observations) {
        Number systolic = null, diastolic = null, hr = null, rr = null, temp = null, spo2 = null, glucose = null;
        for (Observation o : observations) {
            String code = code(o.getCode());
            if (PANEL.equals(code)) {
                for (ObservationComponentComponent c : o.getComponent()) {
                    if (SYSTOLIC.equals(code(c.getCode()))) {
                        systolic = value(c.getValueQuantity());
                    } else if (DIASTOLIC.equals(code(c.getCode()))) {
                        diastolic = value(c.getValueQuantity());
                    }
                }
                continue;
            }
            Number value = o.hasValueQuantity() ? value(o.getValueQuantity()) : null;
            switch (String.valueOf(code)) {
                case SYSTOLIC -> systolic = value;
                case DIASTOLIC -> diastolic = value;
                case HEART_RATE -> hr = value;
                case RESPIRATORY_RATE -> rr = value;
                case TEMPERATURE -> temp = value;
                case SPO2 -> spo2 = value;
                case GLUCOSE -> glucose = value;
                default -> { }
            }
        }
        return new Vitals(integer(systolic), integer(diastolic), integer(hr), integer(rr),
                temp == null ? null : temp.doubleValue(), integer(spo2), integer(glucose));
    }

    private static void add(List<Observation> list, Number value, String code, String display, String ucum,
            String unit, Reference subject, Reference encounter, Date when) {
        if (value != null) {
            Observation o = observation(code, display, subject, encounter, when);
            o.setValue(quantity(value, ucum, unit));
            list.add(o);
        }
    }

    private static Observation observation(String code, String display, Reference subject, Reference encounter,
            Date when) {
        Observation o = new Observation();
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.addCategory(new CodeableConcept(new Coding(Fhir.OBSERVATION_CATEGORY, "vital-signs", "Vital Signs")));
        o.setCode(new CodeableConcept(new Coding(Fhir.LOINC, code, display)).setText(display));
        o.setSubject(subject);
        o.setEncounter(encounter);
        o.setEffective(new org.hl7.fhir.r4.model.DateTimeType(when));
        return o;
    }

    private static ObservationComponentComponent component(String code, String display, Number value, String ucum,
            String unit) {
        return new ObservationComponentComponent(new CodeableConcept(new Coding(Fhir.LOINC, code, display)))
                .setValue(quantity(value, ucum, unit));
    }

    private static Quantity quantity(Number value, String ucum, String unit) {
        Quantity q = new Quantity();
        q.setValue(new java.math.BigDecimal(value.toString()));
        q.setUnit(unit).setSystem(Fhir.UCUM).setCode(ucum);
        return q;
    }

    private static String code(CodeableConcept concept) {
        return concept.getCoding().stream().filter(c -> Fhir.LOINC.equals(c.getSystem()))
                .map(Coding::getCode).findFirst().orElse(null);
    }

    private static Number value(Quantity q) {
        return q == null || !q.hasValue() ? null : q.getValue();
    }

    private static Integer integer(Number n) {
        return n == null ? null : (int) Math.round(n.doubleValue());
    }
}
