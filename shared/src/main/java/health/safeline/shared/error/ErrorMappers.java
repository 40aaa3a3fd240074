package health.safeline.shared.error;

import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import health.safeline.shared.fhir.Fhir;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into an OperationOutcome with the right status; never a stack trace. */
public class ErrorMappers {

    /** Jackson's message for a key seen twice (StrictJson); only a plain key name is echoed back. */
    private static final java.util.regex.Pattern DUPLICATE_KEY =
            java.util.regex.Pattern.compile("Duplicate field '([A-Za-z0-9_]{1,64})'");

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response problem(ApiProblem e) {
        return respond(e.status(), OperationOutcomes.of(e));
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e) {
        return Response.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(OperationOutcomes.of(IssueType.LOGIN, "unauthenticated",
                        "A valid bearer token is required"))
                .type(Fhir.JSON).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(403, OperationOutcomes.of(IssueType.FORBIDDEN, "forbidden",
                "Your role may not call this endpoint"));
    }

    @ServerExceptionMapper
    public Response unrecognizedField(UnrecognizedPropertyException e) {
        return respond(400, OperationOutcomes.of(IssueType.STRUCTURE, "unknown-field",
                "Unknown field '" + e.getPropertyName() + "'"));
    }

    @ServerExceptionMapper
    public Response wrongType(InvalidFormatException e) {
        return respond(400, OperationOutcomes.of(IssueType.STRUCTURE, "invalid-value",
                "Invalid value for " + where(e)));
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return respond(400, OperationOutcomes.of(IssueType.STRUCTURE, "invalid-value",
                "Invalid or missing value for " + where(e)));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        java.util.regex.Matcher duplicate = DUPLICATE_KEY.matcher(String.valueOf(e.getOriginalMessage()));
        if (duplicate.matches()) {
            return respond(400, OperationOutcomes.of(IssueType.STRUCTURE, "duplicate-key",
                    "Duplicate key '" + duplicate.group(1) + "' in the body: each key may appear once"));
        }
        return respond(400, OperationOutcomes.of(IssueType.STRUCTURE, "malformed-json",
                "Body is not valid JSON"));
    }


    @ServerExceptionMapper
    public Response malformedFhir(DataFormatException e) {
        return respond(400, OperationOutcomes.of(IssueType.STRUCTURE, "invalid-fhir",
                "Body is not a valid FHIR resource"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json); // RESTEasy wraps what Jackson refused while reading the body
        }
        if (status >= 500) {
            return unexpected(e);
        }
        IssueType type = switch (status) {
            case 404 -> IssueType.NOTFOUND;
            case 401 -> IssueType.LOGIN;
            case 403 -> IssueType.FORBIDDEN;
            case 405, 406, 415 -> IssueType.NOTSUPPORTED;
            case 413 -> IssueType.TOOCOSTLY;
            default -> IssueType.INVALID;
        };
        String message = switch (status) {
            case 404 -> "No such resource or endpoint";
            case 405 -> "Method not allowed on this endpoint";
            case 406 -> "Cannot produce the requested media type";
            case 413 -> "Request body too large";
            case 415 -> "Unsupported content type";
            default -> "Bad request";
        };
        return respond(status, OperationOutcomes.of(type, "http-" + status, message));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        if (Failures.isDatabaseUnavailable(e)) {
            LOG.warnf("Database unavailable: %s", e.getClass().getName());
            return Response.status(503).header(HttpHeaders.RETRY_AFTER, "5")
                    .entity(OperationOutcomes.of(IssueType.TRANSIENT, "database-unavailable",
                            "The database is unavailable; nothing was stored. Try again in a few seconds"))
                    .type(Fhir.JSON).build();
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf("Unexpected error, incident %s: %s", incident, e.getClass().getName());
        LOG.debug("Incident " + incident, e);
        return respond(500, OperationOutcomes.of(IssueType.EXCEPTION, "internal-error",
                "Internal error, incident " + incident));
    }

    private static Response respond(int status, OperationOutcome outcome) {
        return Response.status(status).entity(outcome).type(Fhir.JSON).build();
    }

    /** Where in the body: {@code 'patient.birthDate'}, or {@code the body} itself (e.g. an array for an object). */
    private static String where(com.fasterxml.jackson.databind.JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "the body" : "'" + path + "'";
    }
}
