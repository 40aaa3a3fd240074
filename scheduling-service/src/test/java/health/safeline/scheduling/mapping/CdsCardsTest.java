package health.safeline.scheduling.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.scheduling.config.SchedulingConfig;
import health.safeline.scheduling.rest.CdsHooksApi.Card;
import health.safeline.scheduling.service.AppointmentBookAdvisor;
import health.safeline.scheduling.service.AppointmentBookAdvisor.Advice;
import health.safeline.scheduling.service.AppointmentBookAdvisor.Proposal;
import health.safeline.scheduling.service.BookingService;
import health.safeline.api.Clearance;
import health.safeline.shared.error.ApiProblem;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Cards for each piece of advice, and slot ids, without the application. */
class CdsCardsTest {

    static final SchedulingConfig CONFIG = new SchedulingConfig() {
        @Override
        public boolean devSeed() {
            return false;
        }

        @Override
        public String escalationLinkBase() {
            return "https://esc.example/";
        }

        @Override
        public String triageSourceUrl() {
            return "https://triage.example/protocol";
        }
    };

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123456Z");
    static final Clearance ACTIVE = new Clearance("c1", "e1", "clinician", Clearance.ACTIVE, T0, T0.plusSeconds(86400), "p1");

    @Test
    void everyReasonNotToBookIsACriticalCardWithItsCodeAndTheWorklist() {
        String encounter = UUID.randomUUID().toString();
        for (String code : List.of(BookingService.CLEARANCE_REQUIRED, BookingService.REVOKED,
                BookingService.WINDOW_EXCEEDED, AppointmentBookAdvisor.TRIAGE_UNAVAILABLE)) {
            Card card = CdsCards.card(new Advice(new Proposal(encounter, T0.plusSeconds(90000), null), code, ACTIVE), CONFIG);
            assertEquals("critical", card.indicator(), code);
            assertTrue(card.summary().length() < 140 && card.summary().startsWith(
                    code.equals(AppointmentBookAdvisor.TRIAGE_UNAVAILABLE) ? "Triage unavailable" : "Do not book"), code);
            assertTrue(card.detail().contains("`" + code + "`"), code);
            assertEquals("https://esc.example/api/v1/escalations?encounterId=" + encounter, card.links().get(0).url());
            assertEquals("absolute", card.links().get(0).type());
            assertEquals("Safeline triage", card.source().label());
        }
        Card none = CdsCards.card(new Advice(new Proposal(null, T0, null), AppointmentBookAdvisor.MISSING_ENCOUNTER, null), CONFIG);
        assertEquals("critical", none.indicator());
        assertNull(none.links());
        Card foreign = CdsCards.card(new Advice(new Proposal("ehr-1", T0, null), BookingService.CLEARANCE_REQUIRED, null), CONFIG);
        assertNull(foreign.links());
    }

    @Test
    void aClearedProposalIsAnInfoCardWithTheWindowToTheSecond() {
        Card card = CdsCards.card(new Advice(new Proposal(UUID.randomUUID().toString(), T0.plusSeconds(60), null), null, ACTIVE),
                CONFIG);
        assertEquals("info", card.indicator());
        assertEquals("Triage cleared this call: book between 2026-12-01T10:00:00Z and 2026-12-02T10:00:00Z", card.summary());
        assertNull(card.links());
        Card noStart = CdsCards.card(new Advice(new Proposal("x", null, null), AppointmentBookAdvisor.MISSING_START, ACTIVE), CONFIG);
        assertEquals("warning", noStart.indicator());
    }

    @Test
    void slotIdsRoundTripAndMalformedOnesAre400() {
        UUID schedule = UUID.randomUUID();
        Instant start = Instant.parse("2026-12-01T10:20:00Z");
        String id = SlotMapper.slotId(schedule, start);
        assertTrue(id.matches("[A-Za-z0-9\\-.]{1,64}"), id);
        assertEquals(new SlotMapper.SlotId(schedule, start), SlotMapper.parseSlotId(id));
        for (String bad : List.of("", "x", schedule.toString(), schedule + "-", schedule + "-12a", schedule + "_12",
                schedule + "-99999999999999")) {
            assertThrows(ApiProblem.class, () -> SlotMapper.parseSlotId(bad), bad);
        }
    }
}
