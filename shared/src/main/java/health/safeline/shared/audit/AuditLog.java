package health.safeline.shared.audit;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import health.safeline.shared.persistence.JsonColumns;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Records audit events; joins the caller's transaction when there is one. */
@ApplicationScoped
public class AuditLog {

    public static final String SUCCESS = "success";
    public static final String REFUSED = "refused";

    private final String source;
    private final JsonColumns json;

    AuditLog(@ConfigProperty(name = "quarkus.application.name") String source, JsonColumns json) {
        this.source = source;
        this.json = json;
    }

    public Uni<Void> record(String actor, String action, String entityType, Object entityId, String outcome,
            String code) {
        return record(actor, action, entityType, entityId, outcome, code, Map.of());
    }

    /** As {@link #record(String, String, String, Object, String, String)} with details such as from and to states. */
    public Uni<Void> record(String actor, String action, String entityType, Object entityId, String outcome,
            String code, Map<String, String> detail) {
        AuditEvent event = new AuditEvent();
        event.id = UUID.randomUUID();
        event.recordedAt = Instant.now();
        event.source = source;
        event.actor = actor == null ? "anonymous" : actor;
        event.action = action;
        event.entityType = entityType;
        event.entityId = entityId == null ? null : entityId.toString();
        event.outcome = outcome;
        event.code = code;
        event.detail = detail.isEmpty() ? null : json.write(new TreeMap<>(detail));
        return Panache.withTransaction(event::persist).replaceWithVoid();
    }
}
