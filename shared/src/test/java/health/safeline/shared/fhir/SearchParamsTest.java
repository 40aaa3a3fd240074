package health.safeline.shared.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.shared.error.ApiProblem;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchParamsTest {

    @ParameterizedTest
    @ValueSource(strings = {"ge+999999999-12-31T23:59:59Z", "le-999999999-01-01T00:00:00Z", "0000-01-01",
        "lt+10000-01-01T00:00:00Z", "gt0000-06-01T00:00:00Z"})
    void datesOutsideTheYears1To9999AreA400NamingTheParameter(String value) {
        ApiProblem refused = assertThrows(ApiProblem.class, () -> SearchParams.dates(List.of(value), "start"));
        assertEquals(400, refused.status());
        assertTrue(refused.getMessage().startsWith("start "), refused.getMessage());
    }

    @Test
    void theLastDayAndInstantOfTheRangeAreSearchable() {
        assertEquals(List.of(new SearchParams.DateBound(">=", Instant.parse("9999-12-31T00:00:00Z")),
                new SearchParams.DateBound("<=", Instant.parse("9999-12-31T23:59:59.999999Z"))),
                SearchParams.dates(List.of("9999-12-31"), "date"));
        assertEquals(List.of(new SearchParams.DateBound(">=", Instant.parse("0001-01-01T00:00:00Z"))),
                SearchParams.dates(List.of("ge0001-01-01T00:00:00Z"), "date"));
    }
}
