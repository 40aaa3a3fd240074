package health.safeline.scheduling.mapping;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.InstantType;

/** Times on the wire in UTC, to the second (e.g. 2026-12-01T09:00:00Z), whatever the server's zone. */
final class FhirTimes {

    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private FhirTimes() {
    }

    static InstantType instant(Instant at) {
        InstantType t = new InstantType(Date.from(at), TemporalPrecisionEnum.SECOND, UTC);
        t.setTimeZoneZulu(true);
        return t;
    }

    static DateTimeType dateTime(Instant at) {
        DateTimeType t = new DateTimeType(Date.from(at), TemporalPrecisionEnum.SECOND, UTC);
        t.setTimeZoneZulu(true);
        return t;
    }
}
