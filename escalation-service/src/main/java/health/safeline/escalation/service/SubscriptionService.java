package health.safeline.escalation.service;

import health.safeline.escalation.config.EscalationConfig;
import health.safeline.escalation.mapping.Backport;
import health.safeline.escalation.mapping.SubscriptionMapper;
import health.safeline.escalation.repository.EscalationReader;
import health.safeline.escalation.repository.SubscriptionRepository;
import health.safeline.escalation.repository.SubscriptionRepository.EventRow;
import health.safeline.escalation.repository.SubscriptionRepository.NewSubscription;
import health.safeline.escalation.repository.SubscriptionRepository.SubscriptionRow;
import health.safeline.escalation.service.SubscriptionTopics.Topic;
import health.safeline.shared.audit.AuditLog;
import health.safeline.shared.fhir.FhirValidation;
import health.safeline.shared.error.ApiProblem;
import health.safeline.shared.fhir.FhirContextProducer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionChannelComponent;
import org.hl7.fhir.r4.model.Subscription.SubscriptionChannelType;
import org.jboss.logging.Logger;

/**
 * Topic-based Subscriptions (R4 Subscriptions Backport IG): validates and stores them, shows them to their
 * owner (the creating EHR client) only, turns them off, and answers {@code $status} and {@code $events}.
 * Endpoints are checked by {@link EndpointGuard} (no loopback, private or cluster addresses unless on the client's
 * allow-list; {@code full-resource} only on it) and each client holds at most {@code max-per-client}.
 * Delivery is {@link health.safeline.escalation.notify.SubscriptionNotifier}'s.
 */
@ApplicationScoped
public class SubscriptionService {

    public static final Set<String> CONTENTS = Set.of(Backport.EMPTY, Backport.ID_ONLY, Backport.FULL_RESOURCE);
    public static final String PAYLOAD_TYPE = "application/fhir+json";
    /** Most events one {@code $events} call answers; ask again from the next number for more. */
    public static final int MAX_EVENTS = 100;
    private static final Logger LOG = Logger.getLogger(SubscriptionService.class);
    private static final String DEFAULT_REASON = "Safeline escalation notifications";
    private static final int MAX_HEADERS = 10;
    private static final int MAX_HEADER_LENGTH = 2048;
    private static final int MAX_ENDPOINT_LENGTH = 2048;
    private static final Pattern HEADER = Pattern.compile("([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \\t]*([^\\r\\n]*)");
    /** Headers the server sets itself (framing, content type) and hop-by-hop headers. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "content-type",
            "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "expect",
            "proxy-connection");

    private final SubscriptionRepository subscriptions;
    private final EscalationReader reader;
    private final SubscriptionMapper mapper;
    private final EscalationConfig.Subscriptions config;
    private final AuditLog audit;
    private final FhirValidation validation;
    private final EndpointGuard guard;
    private final String source;

    SubscriptionService(SubscriptionRepository subscriptions, EscalationReader reader, SubscriptionMapper mapper,
            EscalationConfig config, AuditLog audit, FhirValidation validation, EndpointGuard guard,
            @ConfigProperty(name = "quarkus.application.name") String source) {
        this.validation = validation;
        this.guard = guard;
        this.subscriptions = subscriptions;
        this.reader = reader;
        this.mapper = mapper;
        this.config = config.subscriptions();
        this.audit = audit;
        this.source = source;
    }

    /** Who is asking: the EHR client (token {@code azp}, else subject), owner of what it creates. */
    public record Caller(String id) {
    }

    /** A Subscription as accepted. */
    record Spec(Topic topic, List<String> priorities, String endpoint, List<String> headers, String content,
            Integer heartbeatSeconds, int timeoutSeconds, int maxCount, String resource) {
    }

    /**
     * Validates and stores a new subscription (status {@code requested}; the handshake follows). Anything not
     * supported is a 422 naming it, more than the client's cap a 409; either is audited as refused and stores
     * nothing.
     */
    public Uni<SubscriptionRow> create(Subscription body, Caller caller) {
        Spec spec;
        try {
            spec = validate(ApiProblem.requireBody(body));
            URI endpoint = URI.create(spec.endpoint());
            if (Backport.FULL_RESOURCE.equals(spec.content()) && !guard.allowListed(caller.id(), endpoint)) {
                throw invalid("full-resource-not-allowed", "full-resource payloads (the caller's words) go only to "
                        + "endpoints on this client's allow-list: ask for id-only and read the Communication");
            }
        } catch (ApiProblem problem) {
            return refused(caller, problem);
        }
        // then base R4 (cardinalities, invariants): a 422 with the validator's issues; then where it points
        return validation.requireValid(body)
                .chain(valid -> guard.address(caller.id(), URI.create(spec.endpoint()))
                        .onFailure(EndpointGuard.Refused.class).transform(e -> invalid("forbidden-endpoint",
                                "channel.endpoint must reach a public address ("
                                        + ((EndpointGuard.Refused) e).reason() + " is not allowed unless the "
                                        + "endpoint is on this client's allow-list)")))
                .chain(address -> store(spec, caller))
                .onFailure(ApiProblem.class).recoverWithUni(f -> refused(caller, (ApiProblem) f));
    }

    private Uni<SubscriptionRow> refused(Caller caller, ApiProblem problem) {
        LOG.infof("Subscription refused: %s", problem.code());
        return audit.record(caller.id(), "subscription.create", "Subscription", null, AuditLog.REFUSED,
                problem.code()).onItemOrFailure().transformToUni((ignored, f) -> Uni.createFrom()
                        .<SubscriptionRow>failure(problem));
    }

    private Uni<SubscriptionRow> store(Spec spec, Caller caller) {
        UUID id = UUID.randomUUID();
        NewSubscription subscription = new NewSubscription(id, caller.id(), spec.topic().url(), spec.topic().kinds(),
                spec.priorities(), spec.resource(), spec.endpoint(), spec.headers(), spec.content(),
                spec.heartbeatSeconds(), spec.timeoutSeconds(), spec.maxCount(),
                EndpointGuard.origin(URI.create(spec.endpoint())));
        return subscriptions.insert(subscription, config.maxPerClient(), source, spec.topic().code(), Map.of("to",
                        "requested",
                        "topic", spec.topic().code(), "content", spec.content(),
                        "priorities", spec.priorities() == null ? "any" : String.join(",", spec.priorities())))
                .invoke(row -> {
                    if (row == null) {
                        throw ApiProblem.businessRule("too-many-subscriptions", "This client already holds "
                                + config.maxPerClient() + " subscriptions: DELETE one it no longer needs first");
                    }
                    LOG.infof("Subscription %s created on %s (%s)", row.id(), spec.topic().code(), spec.content());
                });
    }

    /** The subscription, if the caller may see it: 404 when absent or someone else's, 410 once deleted. */
    public Uni<SubscriptionRow> read(UUID id, Caller caller) {
        return visible(id, caller, "subscription.read").invoke(row -> {
            if (row.deleted()) {
                throw gone(id);
            }
        });
    }

    /** Turns the subscription off for good; deleting a deleted one changes nothing. */
    public Uni<Void> delete(UUID id, Caller caller) {
        return visible(id, caller, "subscription.delete").chain(row -> row.deleted() ? Uni.createFrom().voidItem()
                : subscriptions.delete(id, caller.id(), source, row.status())
                        .invoke(() -> LOG.infof("Subscription %s deleted", id)));
    }

    /** {@code $status}: a searchset holding the status Parameters. */
    public Uni<Parameters> status(UUID id, Caller caller) {
        return read(id, caller).map(mapper::queryStatus);
    }

    /**
     * {@code $events}: a {@code query-event} Bundle of the events numbered {@code since}..{@code until}
     * (defaults: 1 and the latest; at most {@value #MAX_EVENTS}), with the subscription's payload content unless
     * {@code content} asks for another.
     */
    public Uni<Bundle> events(UUID id, Caller caller, String since, String until, String content) {
        long from = eventNumber(since, "eventsSinceNumber", 1);
        Long to = until == null || until.isBlank() ? null : eventNumber(until, "eventsUntilNumber", 1);
        if (to != null && to < from) {
            throw ApiProblem.badRequest("invalid-range", "eventsUntilNumber must not be below eventsSinceNumber");
        }
        if (content != null && !content.isBlank() && !CONTENTS.contains(content)) {
            throw ApiProblem.badRequest("invalid-content", "content must be one of empty, id-only, full-resource");
        }
        return read(id, caller).chain(row -> {
            String shape = content == null || content.isBlank() ? row.content() : content;
            long last = to == null ? row.eventsSinceStart() : Math.min(to, row.eventsSinceStart());
            return subscriptions.range(id, from, last, MAX_EVENTS)
                    .chain(events -> bundle(row, Backport.QUERY_EVENT, events, shape, "$events"));
        });
    }

    /**
     * A notification or replay Bundle of {@code events}: the status first, then, for {@code full-resource},
     * the focus Communications (as received) and the escalations as Tasks (as they are now).
     */
    public Uni<Bundle> bundle(SubscriptionRow row, String type, List<EventRow> events, String content,
            String operation) {
        long since = Math.max(row.eventsSinceStart(),
                events.stream().mapToLong(EventRow::eventNumber).max().orElse(0));
        Parameters status = mapper.status(row, type, since, events, content);
        if (!Backport.FULL_RESOURCE.equals(content) || events.isEmpty()) {
            return Uni.createFrom().item(mapper.bundle(status, row, events, content, Map.of(), Map.of(), operation));
        }
        Set<UUID> ids = events.stream().map(EventRow::escalationId).collect(Collectors.toSet());
        return reader.calls(ids).chain(calls -> reader.loadForTask(ids)
                .map(tasks -> mapper.bundle(status, row, events, content, calls, tasks, operation)));
    }

    private Uni<SubscriptionRow> visible(UUID id, Caller caller, String action) {
        return subscriptions.find(id).chain(row -> {
            if (row == null) {
                return Uni.createFrom().failure(ApiProblem.notFound("Subscription " + id));
            }
            if (!row.owner().equals(caller.id())) {
                LOG.infof("Subscription %s: %s refused (not the owner)", id, action);
                return audit.record(caller.id(), action, "Subscription", id, AuditLog.REFUSED, "not-owner")
                        .chain(() -> Uni.createFrom().failure(ApiProblem.notFound("Subscription " + id)));
            }
            return Uni.createFrom().item(row);
        });
    }

    private static ApiProblem gone(UUID id) {
        return new ApiProblem(410, IssueType.DELETED, "deleted", "Subscription " + id + " was deleted");
    }

    private static long eventNumber(String value, String name, long absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the 400
        }
        throw ApiProblem.badRequest("invalid-value", name + " must be a whole number from 1");
    }

    /** Checks everything this server supports; the first problem found is a 422. */
    Spec validate(Subscription s) {
        if (s.hasModifierExtension() || s.getChannel().hasModifierExtension()) {
            throw invalid("unsupported-extension", "Modifier extensions are not supported");
        }
        if (s.hasStatus() && s.getStatus() != Subscription.SubscriptionStatus.REQUESTED
                && s.getStatus() != Subscription.SubscriptionStatus.ACTIVE) {
            throw invalid("invalid-status", "status must be requested: the server manages it");
        }
        if (s.hasEnd()) {
            throw invalid("end-not-supported", "end is not supported: DELETE the Subscription to stop it");
        }
        Topic topic = SubscriptionTopics.byUrl(s.getCriteria()).orElseThrow(() -> invalid("unknown-topic",
                "criteria must be the canonical URL of a topic: " + SubscriptionTopics.ALL.stream().map(Topic::url)
                        .collect(Collectors.joining(", "))));
        List<String> priorities = filters(s);

        SubscriptionChannelComponent channel = s.getChannel();
        if (channel.getType() != SubscriptionChannelType.RESTHOOK || channel.getTypeElement().hasExtension()) {
            throw invalid("unsupported-channel", "channel.type must be rest-hook");
        }
        String endpoint = endpoint(channel.getEndpoint());
        List<String> headers = headers(channel);
        String payload = channel.getPayload();
        if (payload == null || !PAYLOAD_TYPE.equals(payload.split(";", 2)[0].strip())) {
            throw invalid("unsupported-payload", "channel.payload must be " + PAYLOAD_TYPE);
        }
        String content = Backport.ID_ONLY;
        for (Extension e : channel.getPayloadElement().getExtension()) {
            if (!Backport.EXT_PAYLOAD_CONTENT.equals(e.getUrl()) || e.getValue() == null
                    || !CONTENTS.contains(e.getValue().primitiveValue())) {
                throw invalid("unsupported-payload-content",
                        "channel.payload content must be one of empty, id-only, full-resource");
            }
            content = e.getValue().primitiveValue();
        }
        Integer heartbeat = null;
        int timeout = (int) config.defaultTimeout().toSeconds();
        int maxCount = 1;
        for (Extension e : channel.getExtension()) {
            switch (e.getUrl() == null ? "" : e.getUrl()) {
                case Backport.EXT_HEARTBEAT_PERIOD -> heartbeat = bounded(e, "heartbeat period",
                        config.minHeartbeat().toSeconds(), config.maxHeartbeat().toSeconds());
                case Backport.EXT_TIMEOUT -> timeout = bounded(e, "timeout", 1, config.maxTimeout().toSeconds());
                case Backport.EXT_MAX_COUNT -> maxCount = bounded(e, "max count", 1, config.maxCount());
                default -> throw invalid("unsupported-extension", "Unsupported channel extension " + e.getUrl());
            }
        }

        Subscription stored = s.copy();
        stored.setIdElement(null);
        stored.setStatus(Subscription.SubscriptionStatus.REQUESTED);
        stored.setError(null);
        stored.getChannel().getHeader().clear();
        if (!stored.hasReason()) {
            stored.setReason(DEFAULT_REASON);
        }
        if (!stored.getChannel().getPayloadElement().hasExtension(Backport.EXT_PAYLOAD_CONTENT)) {
            stored.getChannel().getPayloadElement().addExtension(Backport.EXT_PAYLOAD_CONTENT,
                    new org.hl7.fhir.r4.model.CodeType(content));
        }
        if (!stored.getMeta().hasProfile(Backport.PROFILE_SUBSCRIPTION)) {
            stored.getMeta().addProfile(Backport.PROFILE_SUBSCRIPTION);
        }
        String resource = FhirContextProducer.context().newJsonParser().encodeResourceToString(stored);
        return new Spec(topic, priorities, endpoint, headers, content, heartbeat, timeout, maxCount, resource);
    }

    /** The priorities the {@code _criteria} filters allow (several filters: all must hold); null: any. */
    private static List<String> filters(Subscription s) {
        Set<String> allowed = null;
        for (Extension e : s.getCriteriaElement().getExtension()) {
            if (!Backport.EXT_FILTER_CRITERIA.equals(e.getUrl()) || !(e.getValue() instanceof StringType v)
                    || v.getValue() == null) {
                throw invalid("unsupported-extension", "criteria takes only backport-filter-criteria strings");
            }
            Set<String> values = priorities(v.getValue().strip());
            allowed = allowed == null ? values : allowed.stream().filter(values::contains)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        if (allowed != null && allowed.isEmpty()) {
            throw invalid("invalid-filter", "The filters together match no event");
        }
        return allowed == null ? null : List.copyOf(allowed);
    }

    private static Set<String> priorities(String filter) {
        String example = " (e.g. " + SubscriptionTopics.FILTER_RESOURCE + "?priority=stat)";
        int q = filter.indexOf('?');
        if (q < 0 || !SubscriptionTopics.FILTER_RESOURCE.equals(filter.substring(0, q)) || q == filter.length() - 1) {
            throw invalid("invalid-filter", "A filter must be " + SubscriptionTopics.FILTER_RESOURCE
                    + "?<parameter>=<value>" + example);
        }
        Set<String> allowed = null;
        for (String pair : filter.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = eq < 0 ? pair : URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw invalid("invalid-filter", "A filter is not a valid query string" + example);
            }
            if (!SubscriptionTopics.FILTER_PRIORITY.equals(name)) {
                throw invalid("unsupported-filter", "Only the priority filter is supported" + example);
            }
            Set<String> values = new TreeSet<>();
            for (String v : value.split(",", -1)) {
                if (!EscalationService.PRIORITIES.contains(v.strip())) {
                    throw invalid("invalid-filter", "priority must be one of " + EscalationService.PRIORITIES);
                }
                values.add(v.strip());
            }
            Set<String> previous = allowed;
            allowed = previous == null ? values
                    : values.stream().filter(previous::contains).collect(Collectors.toCollection(TreeSet::new));
        }
        return allowed;
    }

    private String endpoint(String value) {
        if (value == null || value.isBlank() || value.length() > MAX_ENDPOINT_LENGTH) {
            throw invalid("invalid-endpoint", "channel.endpoint must be an absolute https URL");
        }
        URI uri;
        try {
            uri = new URI(value.strip()).normalize();
        } catch (URISyntaxException e) {
            throw invalid("invalid-endpoint", "channel.endpoint is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean allowed = "https".equals(scheme) || "http".equals(scheme) && config.allowHttp();
        if (!allowed || uri.getHost() == null || uri.getHost().isBlank()) {
            throw invalid("invalid-endpoint", "channel.endpoint must be an absolute https URL"
                    + (config.allowHttp() ? " (or http)" : ""));
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("invalid-endpoint", "channel.endpoint must not carry credentials: use channel.header");
        }
        if (uri.getRawFragment() != null) {
            throw invalid("invalid-endpoint", "channel.endpoint must not have a fragment");
        }
        return uri.toString();
    }

    private static List<String> headers(SubscriptionChannelComponent channel) {
        List<String> headers = new ArrayList<>();
        if (channel.getHeader().size() > MAX_HEADERS) {
            throw invalid("invalid-header", "At most " + MAX_HEADERS + " channel headers");
        }
        Set<String> names = new HashSet<>();
        for (StringType header : channel.getHeader()) {
            String h = header.getValue() == null ? "" : header.getValue();
            Matcher m = HEADER.matcher(h);
            if (h.length() > MAX_HEADER_LENGTH || !m.matches()) {
                throw invalid("invalid-header", "A channel header must be 'Name: value' on one line");
            }
            String name = m.group(1).toLowerCase(Locale.ROOT);
            if (RESERVED_HEADERS.contains(name) || !names.add(name)) {
                throw invalid("invalid-header", "Channel header " + m.group(1) + " is set by the server or repeated");
            }
            headers.add(m.group(1) + ": " + m.group(2).strip());
        }
        return headers;
    }

    private static int bounded(Extension e, String what, long min, long max) {
        if (!(e.getValue() instanceof IntegerType n) || n.getValue() == null || n.getValue() < min
                || n.getValue() > max) {
            throw invalid("invalid-" + what.replace(' ', '-'), "The " + what + " must be between " + min + " and "
                    + max);
        }
        return n.getValue();
    }

    private static ApiProblem invalid(String code, String message) {
        return ApiProblem.unprocessable(code, message);
    }
}
