package health.safeline.shared.fhir;

/** FHIR media types and Safeline's canonical URLs, in one place. */
public final class Fhir {
    public static final String JSON = "application/fhir+json";
    public static final String BASE = "https://safeline.health/fhir";

    public static final String CS_TRIAGE_LEVEL = BASE + "/CodeSystem/triage-level";
    public static final String CS_RED_FLAG = BASE + "/CodeSystem/red-flag";
    public static final String CS_PROTOCOL = BASE + "/CodeSystem/triage-protocol";
    public static final String CS_ESCALATION_OUTCOME = BASE + "/CodeSystem/escalation-outcome";
    public static final String CS_ERROR = BASE + "/CodeSystem/error";

    public static final String EXT_TRIAGE_LEVEL = BASE + "/StructureDefinition/triage-level";
    public static final String EXT_EVIDENCE = BASE + "/StructureDefinition/evidence";
    public static final String EXT_BOOKING_WINDOW_HOURS = BASE + "/StructureDefinition/booking-window-hours";
    /** Task.output.type.text of the booking window (hours) a clinician gave with clear-for-booking. */
    public static final String TASK_OUTPUT_BOOKING_WINDOW = "booking-window-hours";

    public static final String ID_PATIENT = "urn:safeline:patient-identifier";
    public static final String ID_COMMUNICATION = BASE + "/NamingSystem/communication";

    public static final String ACT_PRIORITY = "http://terminology.hl7.org/CodeSystem/v3-ActPriority";
    public static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public static final String LOINC = "http://loinc.org";
    public static final String UCUM = "http://unitsofmeasure.org";
    public static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

    private Fhir() {
    }
}
