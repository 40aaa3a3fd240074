package health.safeline.escalation.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.escalation.config.EscalationConfig;
import health.safeline.escalation.mapping.Backport;
import health.safeline.shared.error.ApiProblem;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionChannelType;
import org.junit.jupiter.api.Test;

/** Validation of one Subscription with the production defaults (a unit test of the service alone). */
class SubscriptionValidationTest {

    static EscalationConfig config(boolean allowHttp) {
        EscalationConfig.Subscriptions subscriptions = (EscalationConfig.Subscriptions) Proxy.newProxyInstance(
                SubscriptionValidationTest.class.getClassLoader(), new Class<?>[] {EscalationConfig.Subscriptions.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "allowHttp" -> allowHttp;
                    case "defaultTimeout" -> Duration.ofSeconds(10);
                    case "maxTimeout" -> Duration.ofSeconds(60);
                    case "minHeartbeat" -> Duration.ofSeconds(10);
                    case "maxHeartbeat" -> Duration.ofHours(24);
                    case "maxCount" -> 100;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (EscalationConfig) Proxy.newProxyInstance(SubscriptionValidationTest.class.getClassLoader(),
                new Class<?>[] {EscalationConfig.class}, (proxy, method, args) -> {
                    if ("subscriptions".equals(method.getName())) {
                        return subscriptions;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    static SubscriptionService service(boolean allowHttp) {
        return new SubscriptionService(null, null, null, config(allowHttp), null, null, null, "test");
    }

    static Subscription subscription(String endpoint) {
        Subscription s = new Subscription().setCriteria(SubscriptionTopics.RESOLVED.url());
        s.getChannel().setType(SubscriptionChannelType.RESTHOOK).setEndpoint(endpoint)
                .setPayload("application/fhir+json").addHeader("Authorization: Bearer abc");
        return s;
    }

    @Test
    void productionAcceptsHttpsEndpointsOnly() {
        ApiProblem refused = assertThrows(ApiProblem.class,
                () -> service(false).validate(subscription("http://ehr.example/hook")));
        assertEquals(422, refused.status());
        assertEquals("invalid-endpoint", refused.code());
        assertEquals("https://ehr.example/hook", service(false).validate(subscription("https://ehr.example/hook"))
                .endpoint());
        assertEquals("http://ehr.example/hook", service(true).validate(subscription("http://ehr.example/hook"))
                .endpoint());
    }

    @Test
    void defaultsAreIdOnlyOneEventPerNotificationNoHeartbeatAndTheHeadersAreKeptApart() {
        SubscriptionService.Spec spec = service(false).validate(subscription("https://ehr.example/hook"));
        assertEquals(Backport.ID_ONLY, spec.content());
        assertEquals(1, spec.maxCount());
        assertEquals(10, spec.timeoutSeconds());
        assertNull(spec.heartbeatSeconds());
        assertNull(spec.priorities());
        assertEquals(SubscriptionTopics.RESOLVED, spec.topic());
        assertEquals(List.of("Authorization: Bearer abc"), spec.headers());
        assertFalse(spec.resource().contains("Bearer abc"), spec.resource());
        assertTrue(spec.resource().contains(Backport.EXT_PAYLOAD_CONTENT), spec.resource());
        assertTrue(spec.resource().contains("\"requested\""), spec.resource());
    }
}
