package health.safeline.shared.error;

import health.safeline.shared.fhir.Fhir;
import health.safeline.shared.fhir.FhirContextProducer;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Refuses, before routing and with an OperationOutcome, what no endpoint can take: a body over
 * {@code quarkus.http.limits.max-body-size} (413, also when it comes chunked, without a Content-Length: the body
 * is read here up to the limit and handed on), a body without a Content-Type (415: it is not taken for JSON), and
 * a query with control characters or broken percent-encoding (400). Quarkus' own size check answers an empty 413
 * and does not bound a chunked body read by a non-blocking endpoint.
 * <p>
 * A body must also arrive whole within {@code safeline.http.body-timeout}: one trickled a byte at a time (which
 * {@code quarkus.http.idle-timeout} never ends, each byte resets it) gets a 408 and its connection is closed.
 */
@ApplicationScoped
public class RequestGuard {

    /** Runs before {@link health.safeline.shared.fhir.FormatFilter} and Quarkus' size check (route order -2). */
    static final int PRIORITY = 200;
    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private final long limit;
    private final Duration bodyTimeout;

    RequestGuard(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10M") MemorySize limit,
            @ConfigProperty(name = "safeline.http.body-timeout", defaultValue = "30s") Duration bodyTimeout) {
        this.limit = limit.asLongValue();
        this.bodyTimeout = bodyTimeout;
    }

    void install(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    private void check(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (!queryIsClean(rc)) {
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        boolean chunked = length == null && request.headers().contains(HttpHeaders.TRANSFER_ENCODING, "chunked", true);
        if (!WITH_BODY.contains(request.method()) || (!chunked && (length == null || length.strip().equals("0")))) {
            rc.next();
            return;
        }
        bodyDeadline(rc);
        if (request.getHeader(HttpHeaders.CONTENT_TYPE) == null) {
            refuse(rc, 415, IssueType.NOTSUPPORTED, "missing-content-type",
                    "A request body needs a Content-Type, e.g. application/json or application/fhir+json");
        } else if (!chunked && tooLarge(length)) {
            refuseTooLarge(rc);
        } else if (chunked) {
            readUpToLimit(rc);
        } else {
            rc.next();
        }
    }

    private boolean queryIsClean(RoutingContext rc) {
        String problem;
        try {
            problem = rc.queryParams().entries().stream().map(Map.Entry::getValue)
                    .anyMatch(v -> v.chars().anyMatch(Character::isISOControl))
                    ? "A query parameter contains control characters" : null;
        } catch (IllegalArgumentException malformed) {
            problem = "The query is not valid percent-encoded UTF-8";
        }
        if (problem != null) {
            refuse(rc, 400, IssueType.INVALID, "invalid-query", problem);
            return false;
        }
        return true;
    }

    /** Answers 408 and closes the connection when the body has not all arrived in time. */
    private void bodyDeadline(RoutingContext rc) {
        long timer = rc.vertx().setTimer(Math.max(1, bodyTimeout.toMillis()), id -> {
            if (!rc.request().isEnded() && !rc.response().ended()) {
                rc.response().putHeader(HttpHeaders.CONNECTION, "close");
                refuse(rc, 408, IssueType.TIMEOUT, "body-timeout",
                        "The request body did not arrive within " + bodyTimeout.toSeconds() + " s");
                rc.request().connection().close();
            }
        });
        rc.addEndHandler(end -> rc.vertx().cancelTimer(timer));
    }

    private boolean tooLarge(String contentLength) {
        try {
            return Long.parseLong(contentLength.strip()) > limit;
        } catch (NumberFormatException e) {
            return false; // Vert.x refuses a malformed Content-Length itself
        }
    }

    /** Reads a chunked body, refusing it once it passes the limit; the endpoint then reads it from the context. */
    private void readUpToLimit(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (!refused[0] && body.length() + chunk.length() > limit) {
                refused[0] = true;
                refuseTooLarge(rc);
            } else if (!refused[0]) {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(end -> {
            if (!refused[0]) {
                ((RoutingContextInternal) rc).setBody(body);
                rc.next();
            }
        });
        if (request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
            rc.response().writeContinue();
        }
        request.resume();
    }

    private void refuseTooLarge(RoutingContext rc) {
        rc.response().putHeader(HttpHeaders.CONNECTION, "close");
        refuse(rc, 413, IssueType.TOOCOSTLY, "too-large", "The request body is larger than " + limit / 1024 + " KB");
    }

    /** Answers {@code status} with an OperationOutcome, for refusals made before a request reaches an endpoint. */
    public static void refuse(RoutingContext rc, int status, IssueType type, String code, String message) {
        if (rc.response().ended()) {
            return;
        }
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Fhir.JSON)
                .end(FhirContextProducer.context().newJsonParser().encodeResourceToString(
                        OperationOutcomes.of(type, code, message)));
    }
}
