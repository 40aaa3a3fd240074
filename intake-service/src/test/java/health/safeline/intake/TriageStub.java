package health.safeline.intake;

import com.sun.net.httpserver.HttpServer;
import health.safeline.api.Clearance;
import health.safeline.api.TriageDecision;
import health.safeline.api.TriageExplanation;
import health.safeline.api.TriageLevel;
import health.safeline.shared.fhir.FhirContextProducer;
import health.safeline.shared.fhir.TriageOperation;
import health.safeline.shared.testing.HttpStub;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;

/**
 * A real HTTP stand-in for triage-service's {@code Encounter/$triage}: answers every call routine with a
 * 30-day clearance, 500 for encounters whose reason is in {@link #failing}, and keeps the requests it got.
 */
public class TriageStub extends HttpStub {

    public static final String PROTOCOL = "stub-1";
    /** The stub's explanation: one protocol, decided by its default. */
    public static final TriageExplanation EXPLANATION = new TriageExplanation("within-30-days", 720,
            List.of(new TriageExplanation.ProtocolDecision("administrative", "Administrative call", "within-30-days", null,
                    null, List.of("refill"))), List.of(new TriageExplanation.Finding("chest-pain", "chest pain", "negated")),
            List.of());

    /** Injected into test fields of type TriageStub annotated with this. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Inject {
    }

    /** The requests received, by encounter id. */
    public final Map<String, List<TriageOperation.Request>> received = new ConcurrentHashMap<>();
    public final Set<String> failing = ConcurrentHashMap.newKeySet();

    public List<TriageOperation.Request> received(String encounterId) {
        return received.getOrDefault(encounterId, List.of());
    }

    @Override
    protected Map<String, String> serve(HttpServer server, String baseUrl) {
        server.createContext("/fhir/Encounter/$triage", exchange -> {
            var parser = FhirContextProducer.context().newJsonParser();
            TriageOperation.Request request = TriageOperation.fromParameters(
                    parser.parseResource(Parameters.class, exchange.getRequestBody())).orElseThrow();
            String encounterId = request.encounter().getIdElement().getIdPart();
            received.merge(encounterId, List.of(request),
                    (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList());
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ")
                    || failing.contains(request.encounter().getReasonCodeFirstRep().getText())) {
                respond(exchange, auth == null ? 401 : 500, null, null);
                return;
            }
            respond(exchange, 200, "application/fhir+json", parser.encodeResourceToString(answer(request)));
        });
        return Map.of("quarkus.rest-client.triage.url", baseUrl);
    }

    /** Routine, cleared for 30 days from now. */
    private static Parameters answer(TriageOperation.Request request) {
        String encounterId = request.encounter().getIdElement().getIdPart();
        String patientId = request.patient().getIdElement().getIdPart();
        RiskAssessment ra = new RiskAssessment();
        ra.setId(UUID.randomUUID().toString());
        ra.setStatus(RiskAssessment.RiskAssessmentStatus.FINAL);
        ra.setSubject(new Reference("Patient/" + patientId));
        ra.setEncounter(new Reference("Encounter/" + encounterId));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Clearance clearance = new Clearance(UUID.randomUUID().toString(), encounterId, "protocol", Clearance.ACTIVE,
                now, now.plus(Duration.ofDays(30)), patientId);
        TriageDecision decision = new TriageDecision(ra.getIdPart(), TriageLevel.ROUTINE, List.of(),
                "Book a routine appointment within the next 30 days.", PROTOCOL, null, clearance, EXPLANATION);
        return TriageOperation.toParameters(decision, ra);
    }

    @Override
    protected Class<Inject> injectInto() {
        return Inject.class;
    }
}
