package health.safeline.shared.security;

/** The roles of DESIGN.md, as found in the token's groups claim. */
public final class Roles {
    public static final String AGENT = "agent";
    public static final String CLINICIAN = "clinician";
    public static final String SUPERVISOR = "supervisor";
    public static final String EHR = "ehr";
    public static final String SERVICE = "service";
    public static final String AUDITOR = "auditor";

    private Roles() {
    }
}
