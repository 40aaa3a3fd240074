package health.safeline.escalation.mapping;

/** Canonical URLs of the FHIR R4 Subscriptions Backport IG (http://hl7.org/fhir/uv/subscriptions-backport). */
public final class Backport {

    public static final String IG = "http://hl7.org/fhir/uv/subscriptions-backport";
    private static final String SD = IG + "/StructureDefinition/";

    public static final String EXT_FILTER_CRITERIA = SD + "backport-filter-criteria";
    public static final String EXT_PAYLOAD_CONTENT = SD + "backport-payload-content";
    public static final String EXT_HEARTBEAT_PERIOD = SD + "backport-heartbeat-period";
    public static final String EXT_TIMEOUT = SD + "backport-timeout";
    public static final String EXT_MAX_COUNT = SD + "backport-max-count";
    public static final String EXT_CHANNEL_TYPE = SD + "backport-channel-type";
    public static final String EXT_TOPIC_CANONICAL = SD + "capabilitystatement-subscriptiontopic-canonical";

    public static final String PROFILE_SUBSCRIPTION = SD + "backport-subscription";
    public static final String PROFILE_NOTIFICATION = SD + "backport-subscription-notification-r4";
    public static final String PROFILE_STATUS = SD + "backport-subscription-status-r4";

    public static final String OPERATION_STATUS = IG + "/OperationDefinition/backport-subscription-status";
    public static final String OPERATION_EVENTS = IG + "/OperationDefinition/backport-subscription-events";

    /** Payload content codes (backport-content-value-set). */
    public static final String EMPTY = "empty";
    public static final String ID_ONLY = "id-only";
    public static final String FULL_RESOURCE = "full-resource";

    /** Notification types (subscription-notification-type). */
    public static final String HANDSHAKE = "handshake";
    public static final String HEARTBEAT = "heartbeat";
    public static final String EVENT_NOTIFICATION = "event-notification";
    public static final String QUERY_STATUS = "query-status";
    public static final String QUERY_EVENT = "query-event";

    private Backport() {
    }
}
