package health.safeline.scheduling.service;

import health.safeline.scheduling.client.ClearanceClient;
import health.safeline.api.Clearance;
import health.safeline.shared.audit.AuditLog;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Decision support for an EHR about to book (CDS Hooks appointment-book): for each proposed appointment,
 * asks triage for its encounter's clearance exactly as a booking does and applies the same rule
 * ({@link BookingService#refusal}). It fails closed: no answer from triage advises not to book. Each
 * piece of advice is audited. It only advises: bookings are still refused server-side.
 */
@ApplicationScoped
public class AppointmentBookAdvisor {

    public static final String TRIAGE_UNAVAILABLE = "triage-unavailable";
    public static final String MISSING_ENCOUNTER = "missing-encounter";
    /** Cleared, but the proposal has no start to check against the window. */
    public static final String MISSING_START = "missing-start";

    private static final Logger LOG = Logger.getLogger(AppointmentBookAdvisor.class);

    /**
     * A proposed appointment: the Encounter id it names (null when none), its start (null when none) and the Patient
     * it is for (null when none is named).
     */
    public record Proposal(String encounterId, Instant start, String patientId) {
    }

    /** The advice on one proposal: {@code code} is null when the clearance allows booking at its start. */
    public record Advice(Proposal proposal, String code, Clearance clearance) {

        public boolean bookable() {
            return code == null;
        }

        /** Advice not to book (a warning is only a missing start). */
        public boolean doNotBook() {
            return code != null && !MISSING_START.equals(code);
        }
    }

    private final ClearanceClient clearances;
    private final AuditLog audit;

    AppointmentBookAdvisor(ClearanceClient clearances, AuditLog audit) {
        this.clearances = clearances;
        this.audit = audit;
    }

    /** Advice on each proposal, in order; triage is asked for all of them at once. */
    public Uni<List<Advice>> advise(List<Proposal> proposals, String actor) {
        List<Uni<Advice>> asks = proposals.stream().map(this::advise).toList();
        return Uni.join().all(asks).andFailFast().call(advices -> {
            // One audit record after another: they share the session.
            Uni<Void> records = Uni.createFrom().voidItem();
            for (Advice advice : advices) {
                records = records.chain(() -> record(actor, advice));
            }
            return records;
        });
    }

    private Uni<Advice> advise(Proposal proposal) {
        if (proposal.encounterId() == null) {
            return Uni.createFrom().item(new Advice(proposal, MISSING_ENCOUNTER, null));
        }
        UUID encounterId = uuid(proposal.encounterId());
        if (encounterId == null) {
            // Not a Safeline encounter: triage cannot have cleared it.
            return Uni.createFrom().item(new Advice(proposal, BookingService.CLEARANCE_REQUIRED, null));
        }
        return clearances.clearance(encounterId)
                .map(clearance -> new Advice(proposal, code(clearance, proposal.start(), proposal.patientId()),
                        clearance.orElse(null)))
                .onFailure().recoverWithItem(e -> new Advice(proposal, TRIAGE_UNAVAILABLE, null));
    }

    /** The booking rule; without a start only a missing or revoked clearance, or another patient, can be judged. */
    static String code(Optional<Clearance> clearance, Instant start, String patientId) {
        if (start == null) {
            String refusal = BookingService.refusal(clearance, Instant.EPOCH, patientId);
            return BookingService.WINDOW_EXCEEDED.equals(refusal) || refusal == null ? MISSING_START : refusal;
        }
        return BookingService.refusal(clearance, start, patientId);
    }

    private Uni<Void> record(String actor, Advice advice) {
        String code = advice.code() == null ? "cleared" : advice.code();
        // Only Safeline ids and codes reach the log and the audit trail; another system's id is not echoed.
        UUID encounter = uuid(advice.proposal().encounterId());
        LOG.infof("appointment-book advice for encounter %s: %s", encounter == null ? "(none)" : encounter, code);
        return audit.record(actor, "appointment-book.advice", "Encounter", encounter,
                advice.doNotBook() ? AuditLog.REFUSED : AuditLog.SUCCESS, code);
    }

    private static UUID uuid(String encounterId) {
        try {
            return UUID.fromString(encounterId);
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }
}
