package health.safeline.shared.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpLatencyHistogramTest {

    @Test
    void httpServerRequestsGetBucketsOtherTimersDoNot() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new HttpLatencyHistogram().httpLatencyBuckets());
        Timer.builder(HttpLatencyHistogram.HTTP_SERVER_REQUESTS).tag("uri", "/api/v1/intakes").register(registry)
                .record(Duration.ofMillis(80));
        Timer.builder("safeline.outbox.delivery").register(registry).record(Duration.ofMillis(80));

        String scrape = registry.scrape();
        assertTrue(scrape.contains("http_server_requests_seconds_bucket{uri=\"/api/v1/intakes\",le=\"0.1\",} 1.0"),
                scrape);
        assertTrue(scrape.contains("http_server_requests_seconds_bucket{uri=\"/api/v1/intakes\",le=\"0.05\",} 0.0"),
                scrape);
        assertFalse(scrape.contains("safeline_outbox_delivery_seconds_bucket"), scrape);
    }
}
