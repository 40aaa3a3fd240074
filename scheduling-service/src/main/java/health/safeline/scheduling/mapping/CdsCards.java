package health.safeline.scheduling.mapping;

import health.safeline.scheduling.config.SchedulingConfig;
import health.safeline.scheduling.rest.CdsHooksApi.Card;
import health.safeline.scheduling.rest.CdsHooksApi.Link;
import health.safeline.scheduling.rest.CdsHooksApi.Source;
import health.safeline.scheduling.service.AppointmentBookAdvisor;
import health.safeline.scheduling.service.AppointmentBookAdvisor.Advice;
import health.safeline.scheduling.service.BookingService;
import health.safeline.api.Clearance;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Advice on a proposed appointment to a CDS Hooks card: critical (do not book), warning or info. */
public final class CdsCards {

    public static final String CRITICAL = "critical";
    public static final String WARNING = "warning";
    public static final String INFO = "info";
    static final int MAX_SUMMARY = 139;

    private CdsCards() {
    }

    public static Card card(Advice advice, SchedulingConfig config) {
        Source source = new Source("Safeline triage", config.triageSourceUrl());
        String code = advice.code();
        Clearance c = advice.clearance();
        if (code == null) {
            return card(INFO, "Triage cleared this call: book between " + at(c.windowStart()) + " and "
                    + at(c.windowEnd()), "Safeline triage cleared this call (clearance `" + c.id() + "`, "
                    + c.source() + ") for a booking that starts between " + at(c.windowStart()) + " and "
                    + at(c.windowEnd()) + "; the proposed start " + at(advice.proposal().start()) + " is inside.",
                    source, null);
        }
        if (AppointmentBookAdvisor.MISSING_START.equals(code)) {
            return card(WARNING, "Check the time: book only between " + at(c.windowStart()) + " and "
                    + at(c.windowEnd()), "Triage cleared this call for a booking that starts inside its clearance "
                    + "window, but the proposed appointment has no start to check. Safeline refuses bookings "
                    + "outside the window.\n\nReason code: `" + code + "`", source, null);
        }
        String summary = switch (code) {
            case BookingService.CLEARANCE_REQUIRED -> "Do not book: this call needs a clinician (no triage clearance)";
            case BookingService.REVOKED -> "Do not book: the triage clearance for this call was revoked";
            case BookingService.WINDOW_EXCEEDED -> "Do not book at this time: outside the triage clearance window";
            case BookingService.PATIENT_MISMATCH -> "Do not book: the triage clearance is for another patient";
            case AppointmentBookAdvisor.MISSING_ENCOUNTER -> "Do not book: no triaged call is linked to this appointment";
            default -> "Triage unavailable: do not book";
        };
        String detail = switch (code) {
            case BookingService.CLEARANCE_REQUIRED -> "Safeline triage has not cleared this call for booking. "
                    + "A call with a red-flag symptom goes to a clinician, who must clear it before anyone books.";
            case BookingService.REVOKED -> "The clearance that allowed booking this call was revoked. Do not book; "
                    + "a clinician decides what happens next.";
            case BookingService.WINDOW_EXCEEDED -> "The proposed start " + at(advice.proposal().start())
                    + " lies outside the clearance window " + at(c.windowStart()) + " to " + at(c.windowEnd())
                    + ". Choose a slot inside the window, or ask a clinician.";
            case BookingService.PATIENT_MISMATCH -> "The Encounter named was triaged and cleared for another "
                    + "patient than the one this appointment is for. A clearance books only its own call's patient.";
            case AppointmentBookAdvisor.MISSING_ENCOUNTER -> "Neither Appointment.supportingInformation nor "
                    + "context.encounterId names the Encounter of the call. Safeline books only calls that triage "
                    + "cleared.";
            default -> "Triage cannot confirm a clearance right now. Do not book; transfer the caller to the nurse line.";
        };
        List<Link> links = worklist(advice, config);
        return card(CRITICAL, summary, detail + "\n\nReason code: `" + code + "`", source, links);
    }

    private static Card card(String indicator, String summary, String detail, Source source, List<Link> links) {
        String shortened = summary.length() > MAX_SUMMARY ? summary.substring(0, MAX_SUMMARY) : summary;
        return new Card(UUID.randomUUID().toString(), shortened, detail, indicator, source, links);
    }

    /** The escalation worklist for the call's encounter, where a clinician picks it up. */
    private static List<Link> worklist(Advice advice, SchedulingConfig config) {
        UUID encounter;
        try {
            encounter = UUID.fromString(advice.proposal().encounterId());
        } catch (IllegalArgumentException | NullPointerException e) {
            return null; // no call, or not one Safeline knows
        }
        String base = config.escalationLinkBase().replaceAll("/+$", "");
        return List.of(new Link("Escalation worklist for this call",
                base + "/api/v1/escalations?encounterId=" + encounter, "absolute"));
    }

    private static String at(Instant instant) {
        return instant == null ? "(none)" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
