package health.safeline.escalation.service;

import health.safeline.escalation.repository.EscalationReader;
import health.safeline.escalation.rest.EscalationApi.Summary;
import health.safeline.shared.error.ApiProblem;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/** The supervisor's summary: open escalations now, and breaches, MTTA and MTTR over a period. */
@ApplicationScoped
public class SummaryService {

    private static final Duration MAX_PERIOD = Duration.ofDays(366);

    private final EscalationReader reader;

    SummaryService(EscalationReader reader) {
        this.reader = reader;
    }

    public Uni<Summary> summary(Instant from, Instant to) {
        if (!to.isAfter(from) || Duration.between(from, to).compareTo(MAX_PERIOD) > 0) {
            throw ApiProblem.badRequest("invalid-range", "'to' must be after 'from', at most a year later");
        }
        return reader.openByTier().chain(open -> reader.period(from, to).map(row -> new Summary(from, to,
                open.values().stream().mapToLong(Long::longValue).sum(), open, row.getLong("created"),
                row.getLong("breached"), row.getLong("breaches"), row.getLong("acknowledged"), number(row, "mtta"),
                row.getLong("resolved"), number(row, "mttr"))));
    }

    private static Double number(Row row, String column) {
        Object value = row.getValue(column);
        return value == null ? null : ((Number) value).doubleValue();
    }
}
