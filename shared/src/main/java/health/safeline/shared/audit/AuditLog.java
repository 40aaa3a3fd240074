package health.safeline.shared.audit;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Records audit events; joins the caller's transaction when there is one. */
@ApplicationScoped
public class AuditLog {

    public static final String SUCCESS = "success";
    public static final String REFUSED = "refused";

    private final String source;

    AuditLog(@ConfigProperty(name = "quarkus.application.name") String source) {
        this.source = source;
    }

    public Uni<Void> record(String actor, String action, String entityType, Object entityId, String outcome,
            String code) {
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
        return Panache.withTransaction(event::persist).replaceWithVoid();
    }
}
