package health.safeline.shared.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Histogram buckets for inbound HTTP requests ({@code http_server_requests_seconds_bucket}), which Quarkus
 * does not publish by default, so that Prometheus can compute latency percentiles across replicas
 * (alert {@code SafelineHighLatency}). A few fixed buckets keep the series count small.
 */
public class HttpLatencyHistogram {

    static final String HTTP_SERVER_REQUESTS = "http.server.requests";
    private static final double[] BUCKETS = Stream.of(25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
            .mapToDouble(ms -> Duration.ofMillis(ms).toNanos()).toArray();

    @Produces
    @Singleton
    public MeterFilter httpLatencyBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!HTTP_SERVER_REQUESTS.equals(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(BUCKETS).build().merge(config);
            }
        };
    }
}
