package health.safeline.api;

/**
 * Vital signs recorded by the agent; every field is optional. Units: mmHg, beats/min,
 * breaths/min, degrees Celsius, percent, mg/dL.
 */
public record Vitals(Integer systolic, Integer diastolic, Integer heartRate, Integer respiratoryRate,
        Double temperatureC, Integer spo2, Integer glucose) {

    public static final Vitals NONE = new Vitals(null, null, null, null, null, null, null);

    public boolean isEmpty() {
        return equals(NONE);
    }

    /**
     * Names the first value outside the physiologically possible range (a typing error such as
     * systolic 900 must be corrected, not triaged); empty when all values are plausible.
     */
    public java.util.Optional<String> implausible() {
        return java.util.stream.Stream.of(
                        check("systolic", systolic, 40, 300), check("diastolic", diastolic, 20, 200),
                        check("heartRate", heartRate, 20, 250), check("respiratoryRate", respiratoryRate, 4, 80),
                        check("temperatureC", temperatureC, 30, 45), check("spo2", spo2, 40, 100),
                        check("glucose", glucose, 10, 1500))
                .filter(java.util.Objects::nonNull).findFirst();
    }

    private static String check(String name, Number value, double min, double max) {
        if (value == null || (value.doubleValue() >= min && value.doubleValue() <= max)) {
            return null;
        }
        return "vitals." + name + " " + value + " is outside the plausible range " + (long) min + "-" + (long) max;
    }
}
