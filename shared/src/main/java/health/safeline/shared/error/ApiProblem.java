package health.safeline.shared.error;

import jakarta.ws.rs.core.Response.Status;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * A failure the caller should see: an HTTP status, a FHIR issue type and a stable Safeline
 * code (put in {@code OperationOutcome.issue[0].details.coding[0].code}).
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final IssueType issueType;
    private final String code;
    private final org.hl7.fhir.r4.model.OperationOutcome outcome;

    public ApiProblem(int status, IssueType issueType, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.issueType = issueType;
        this.code = code;
        this.outcome = null;
    }

    private ApiProblem(org.hl7.fhir.r4.model.OperationOutcome outcome) {
        super("The resource is not valid FHIR R4", null, false, false);
        this.status = 422;
        this.issueType = IssueType.INVALID;
        this.code = "invalid-resource";
        this.outcome = outcome;
    }

    /** A 422 whose body is {@code outcome}, e.g. the validator's issues. */
    public static ApiProblem invalidResource(org.hl7.fhir.r4.model.OperationOutcome outcome) {
        return new ApiProblem(outcome);
    }

    /** The prepared OperationOutcome, when this problem carries one. */
    public java.util.Optional<org.hl7.fhir.r4.model.OperationOutcome> outcome() {
        return java.util.Optional.ofNullable(outcome);
    }

    public static ApiProblem badRequest(String code, String message) {
        return new ApiProblem(Status.BAD_REQUEST.getStatusCode(), IssueType.INVALID, code, message);
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(Status.NOT_FOUND.getStatusCode(), IssueType.NOTFOUND, "not-found", what + " not found");
    }

    public static ApiProblem conflict(String code, String message) {
        return new ApiProblem(Status.CONFLICT.getStatusCode(), IssueType.CONFLICT, code, message);
    }

    /** A 409 for a refused safety rule, e.g. a booking without a clearance. */
    public static ApiProblem businessRule(String code, String message) {
        return new ApiProblem(Status.CONFLICT.getStatusCode(), IssueType.BUSINESSRULE, code, message);
    }

    public static ApiProblem unprocessable(String code, String message) {
        return new ApiProblem(422, IssueType.PROCESSING, code, message);
    }

    public static ApiProblem unavailable(String code, String message) {
        return new ApiProblem(Status.SERVICE_UNAVAILABLE.getStatusCode(), IssueType.TRANSIENT, code, message);
    }

    /** The body, or a 400 when the request had none. */
    public static <T> T requireBody(T body) {
        if (body == null) {
            throw badRequest("missing-body", "A request body is required");
        }
        return body;
    }

    public int status() {
        return status;
    }

    public IssueType issueType() {
        return issueType;
    }

    public String code() {
        return code;
    }
}
