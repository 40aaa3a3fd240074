package health.safeline.escalation.repository;

import health.safeline.escalation.entity.EscalationCall;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class EscalationCallRepository implements PanacheRepositoryBase<EscalationCall, UUID> {
}
