package health.safeline.triage.engine;

import health.safeline.api.Vitals;
import java.util.Locale;
import java.util.Optional;

/** Vital signs a rule can test, with their names in rules, plausible ranges and evidence format. */
enum Vital {
    SYSTOLIC("systolic", 40, 300, "systolic %s mmHg"),
    DIASTOLIC("diastolic", 20, 200, "diastolic %s mmHg"),
    HEART_RATE("heartRate", 20, 250, "heart rate %s/min"),
    RESPIRATORY_RATE("respiratoryRate", 4, 80, "respiratory rate %s/min"),
    TEMPERATURE_C("temperatureC", 30, 45, "temperature %s \u00b0C"),
    SPO2("spo2", 40, 100, "SpO2 %s%%"),
    GLUCOSE("glucose", 10, 1500, "glucose %s mg/dL");

    final String field;
    final double min;
    final double max;
    private final String format;

    Vital(String field, double min, double max, String format) {
        this.field = field;
        this.min = min;
        this.max = max;
        this.format = format;
    }

    /** Rule-file name (field name or a common alias) to vital. */
    static Optional<Vital> byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (Vital v : values()) {
            if (v.field.toLowerCase(Locale.ROOT).equals(n)) return Optional.of(v);
        }
        return Optional.ofNullable(switch (n) {
            case "sbp" -> SYSTOLIC;
            case "dbp" -> DIASTOLIC;
            case "hr", "pulse" -> HEART_RATE;
            case "rr" -> RESPIRATORY_RATE;
            case "temp", "temperature" -> TEMPERATURE_C;
            case "sats" -> SPO2;
            default -> null;
        });
    }

    boolean plausible(double v) {
        return v >= min && v <= max;
    }

    String evidence(double v) {
        String s = v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        return String.format(Locale.ROOT, format, s);
    }

    Number of(Vitals vs) {
        return switch (this) {
            case SYSTOLIC -> vs.systolic();
            case DIASTOLIC -> vs.diastolic();
            case HEART_RATE -> vs.heartRate();
            case RESPIRATORY_RATE -> vs.respiratoryRate();
            case TEMPERATURE_C -> vs.temperatureC();
            case SPO2 -> vs.spo2();
            case GLUCOSE -> vs.glucose();
        };
    }
}
