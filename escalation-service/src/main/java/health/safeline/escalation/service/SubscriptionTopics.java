package health.safeline.escalation.service;

import health.safeline.shared.fhir.Fhir;
import java.util.List;
import java.util.Optional;

/**
 * The subscription topics escalation-service offers. Each covers some kinds of the {@code escalation_event}
 * journal; the focus of every event is the escalation's first Communication ({@code Communication/<id>}, the
 * id the agent was given) and its additional context the escalation as a Task. Filter ({@code _criteria}):
 * {@code Communication?priority=stat|asap|urgent} (comma-separated values are ORed, several filters ANDed),
 * matched against the escalation's priority as of the event.
 */
public final class SubscriptionTopics {

    /** One topic: its canonical URL, a title, and the journal kinds it covers. */
    public record Topic(String url, String title, String description, List<String> kinds) {
        /** The last path segment of the URL, e.g. {@code escalation-created}. */
        public String code() {
            return url.substring(url.lastIndexOf('/') + 1);
        }
    }

    public static final Topic CREATED = new Topic(Fhir.BASE + "/SubscriptionTopic/escalation-created",
            "Escalation created", "A red-flag call started a new escalation on the clinicians' worklist",
            List.of("triggered"));
    public static final Topic RESOLVED = new Topic(Fhir.BASE + "/SubscriptionTopic/escalation-resolved",
            "Escalation resolved", "A clinician resolved an escalation with a clinical outcome", List.of("resolved"));
    public static final List<Topic> ALL = List.of(CREATED, RESOLVED);

    /** The resource type filters apply to, and the one filter parameter. */
    public static final String FILTER_RESOURCE = "Communication";
    public static final String FILTER_PRIORITY = "priority";

    private SubscriptionTopics() {
    }

    public static Optional<Topic> byUrl(String url) {
        return ALL.stream().filter(t -> t.url().equals(url)).findFirst();
    }
}
