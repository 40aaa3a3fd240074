package health.safeline.escalation.mapping;

import health.safeline.escalation.config.EscalationConfig;
import health.safeline.escalation.entity.EscalationCall;
import health.safeline.escalation.entity.EscalationEntity;
import health.safeline.escalation.repository.SubscriptionRepository.EventRow;
import health.safeline.escalation.repository.SubscriptionRepository.SubscriptionRow;
import health.safeline.escalation.service.SubscriptionTopics;
import health.safeline.shared.fhir.FhirContextProducer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.UnsignedIntType;

/**
 * Subscriptions back to FHIR, and the Backport IG's notification Bundles ({@code history}, first entry the
 * status {@code Parameters}). What a notification carries follows the payload content: {@code empty} the
 * event numbers and times only; {@code id-only} also the focus ({@code Communication/<id>}) and the Task as
 * additional context, as references; {@code full-resource} also those resources.
 */
@ApplicationScoped
public class SubscriptionMapper {

    private static final String REDACTED = "[redacted]";

    private final EscalationMapper escalations;
    private final String base;

    SubscriptionMapper(EscalationMapper escalations, EscalationConfig config) {
        this.escalations = escalations;
        String b = config.subscriptions().fhirBase();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    /** Absolute URL of {@code type/id} on this server. */
    public String url(String type, Object id) {
        return base + "/" + type + "/" + id;
    }

    /**
     * The stored Subscription with its current status and last error (while failing or once given up); header
     * values and the values of the endpoint's query string are never shown again.
     */
    public Subscription toFhir(SubscriptionRow row) {
        Subscription s = FhirContextProducer.context().newJsonParser().parseResource(Subscription.class, row.resource());
        s.setId(row.id().toString());
        s.setStatus(Subscription.SubscriptionStatus.fromCode(row.status()));
        s.setError(failing(row) ? row.lastError() : null);
        s.getChannel().setEndpoint(redacted(row.endpoint()));
        s.getChannel().getHeader().clear();
        for (String header : row.headers()) {
            s.getChannel().addHeader(header.substring(0, header.indexOf(':') + 1) + " " + REDACTED);
        }
        return s;
    }

    /**
     * The status {@code Parameters} (profile backport-subscription-status-r4) of a notification or query:
     * subscription, topic (not with {@code empty}), status, type, events-since-subscription-start, one
     * notification-event per event, and the last error while the status is {@code error}.
     */
    public Parameters status(SubscriptionRow row, String type, long eventsSinceStart, List<EventRow> events,
            String content) {
        Parameters p = new Parameters();
        p.setId(UUID.randomUUID().toString());
        p.getMeta().addProfile(Backport.PROFILE_STATUS);
        p.addParameter().setName("subscription").setValue(new Reference(url("Subscription", row.id())));
        if (!Backport.EMPTY.equals(content)) {
            p.addParameter().setName("topic").setValue(new CanonicalType(row.topic()));
        }
        p.addParameter().setName("status").setValue(new CodeType(row.status()));
        p.addParameter().setName("type").setValue(new CodeType(type));
        p.addParameter().setName("events-since-subscription-start").setValue(new StringType(Long.toString(
                eventsSinceStart)));
        for (EventRow event : events) {
            ParametersParameterComponent n = p.addParameter().setName("notification-event");
            n.addPart().setName("event-number").setValue(new StringType(Long.toString(event.eventNumber())));
            n.addPart().setName("timestamp").setValue(new InstantType(Date.from(event.occurredAt())));
            if (!Backport.EMPTY.equals(content)) {
                n.addPart().setName("focus").setValue(new Reference(url("Communication", event.escalationId())));
                n.addPart().setName("additional-context").setValue(new Reference(url("Task", event.escalationId())));
            }
        }
        if (failing(row) && row.lastError() != null) {
            p.addParameter().setName("error").setValue(new CodeableConcept().setText(row.lastError()));
        }
        return p;
    }

    /**
     * {@code endpoint} with every query parameter's value replaced by {@code [redacted]} (a receiver may take its
     * secret there, as in a header), for answers and logs.
     */
    public static String redacted(String endpoint) {
        int q = endpoint.indexOf('?');
        if (q < 0) {
            return endpoint;
        }
        StringBuilder out = new StringBuilder(endpoint.substring(0, q + 1));
        String[] pairs = endpoint.substring(q + 1).split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            int eq = pairs[i].indexOf('=');
            out.append(i == 0 ? "" : "&").append(eq < 0 ? REDACTED : pairs[i].substring(0, eq + 1) + REDACTED);
        }
        return out.toString();
    }

    /** Failing now (retried) or given up: the last error is shown. */
    private static boolean failing(SubscriptionRow row) {
        return "error".equals(row.status()) || row.failures() > 0;
    }

    /** {@code $status}: the status plus the count of failed attempts and of events not yet delivered. */
    public Parameters queryStatus(SubscriptionRow row) {
        Parameters p = status(row, Backport.QUERY_STATUS, row.eventsSinceStart(), List.of(), row.content());
        p.addParameter().setName("error-count")
                .setValue(new UnsignedIntType((int) Math.min(Integer.MAX_VALUE, row.errorCount())));
        p.addParameter().setName("undelivered-events")
                .setValue(new UnsignedIntType((int) Math.min(Integer.MAX_VALUE, row.undelivered())));
        return p;
    }

    /**
     * A notification Bundle (profile backport-subscription-notification-r4): type {@code history}, the status
     * first, then for {@code full-resource} each event's Communication and Task once. {@code operation} is the
     * request the status entry answers ({@code $status} for pushed notifications, {@code $events} for replays).
     */
    public Bundle bundle(Parameters status, SubscriptionRow row, List<EventRow> events, String content,
            Map<UUID, EscalationCall> calls, Map<UUID, EscalationEntity> tasks, String operation) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.HISTORY).setTimestamp(new Date());
        bundle.setId(UUID.randomUUID().toString());
        bundle.getMeta().addProfile(Backport.PROFILE_NOTIFICATION);
        BundleEntryComponent first = bundle.addEntry().setFullUrl("urn:uuid:" + status.getIdElement().getIdPart())
                .setResource(status);
        first.getRequest().setMethod(HTTPVerb.GET).setUrl(url("Subscription", row.id()) + "/" + operation);
        first.getResponse().setStatus("200");
        if (!Backport.FULL_RESOURCE.equals(content)) {
            return bundle;
        }
        Set<String> added = new HashSet<>();
        for (EventRow event : events) {
            EscalationCall call = calls.get(event.escalationId());
            if (call != null && added.add("Communication/" + call.id)) {
                boolean created = SubscriptionTopics.CREATED.kinds().contains(event.kind());
                add(bundle, escalations.toFhir(call), created ? HTTPVerb.POST : HTTPVerb.GET,
                        created ? "Communication" : "Communication/" + call.id, created ? "201" : "200");
            }
            EscalationEntity escalation = tasks.get(event.escalationId());
            if (escalation != null && added.add("Task/" + escalation.id)) {
                add(bundle, escalations.toTask(escalation), HTTPVerb.GET, "Task/" + escalation.id, "200");
            }
        }
        return bundle;
    }

    private void add(Bundle bundle, Resource resource, HTTPVerb method, String requestUrl, String status) {
        BundleEntryComponent entry = bundle.addEntry()
                .setFullUrl(url(resource.fhirType(), resource.getIdElement().getIdPart())).setResource(resource);
        entry.getRequest().setMethod(method).setUrl(requestUrl);
        entry.getResponse().setStatus(status);
    }
}
