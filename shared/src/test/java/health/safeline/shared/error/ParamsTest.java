package health.safeline.shared.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParamsTest {

    @ParameterizedTest
    @ValueSource(strings = {"' OR 1=1 --", "<script>alert(1)</script>", "${jndi:ldap://x/a}", "../../etc/passwd",
        "MRN-\ud83d\ude00", "MRN\u202e1", "MRN\u200b1", "MRN 1", "", "-MRN"})
    void identifiersAreLettersDigitsAndAFewMarks(String value) {
        assertEquals(400, assertThrows(ApiProblem.class, () -> Params.identifier(value, "id", 64)).status());
    }

    @Test
    void usualIdentifiersPass() {
        for (String ok : new String[] {"MRN-1001", "test-clinician", "jane.doe@clinic.org", "urn:oid:1.2.3", "A_1+x"}) {
            assertEquals(ok, Params.identifier(ok, "id", 64));
        }
        assertEquals(400, assertThrows(ApiProblem.class, () -> Params.identifier("x".repeat(65), "id", 64)).status());
    }

    @Test
    void freeTextTakesAnythingAPersonTypesButControlCharacters() {
        assertEquals("O'Brien <b> \"x\"\n\ttab \ud83d\ude00", Params.text("O'Brien <b> \"x\"\n\ttab \ud83d\ude00", "t", 100));
        assertFalse(Params.isCleanText("a\u0000b"));
        assertFalse(Params.isCleanText("a\u001b[31m"));
        assertFalse(Params.isCleanText("a\ud800b"));
        assertFalse(Params.isCleanText("a\udc00"));
        assertTrue(Params.isCleanText("\ud83d\ude00"));
        assertEquals(400, assertThrows(ApiProblem.class, () -> Params.text("x".repeat(11), "t", 10)).status());
    }

    @Test
    void countsAreWholeNumbersFromZeroClampedToTheMaximum() {
        assertEquals(50, Params.count(null, "_count", 50, 200));
        assertEquals(1, Params.count("0", "_count", 50, 200));
        assertEquals(200, Params.count("5000", "_count", 50, 200));
        for (String bad : new String[] {"-1", "abc", "1.5", "99999999999999999999"}) {
            assertEquals(400, assertThrows(ApiProblem.class, () -> Params.count(bad, "_count", 50, 200)).status());
        }
    }

    @Test
    void urisAreAbsolute() {
        assertEquals("https://safeline.health/fhir/CodeSystem/red-flag",
                Params.uri("https://safeline.health/fhir/CodeSystem/red-flag", "url"));
        for (String bad : new String[] {"not a uri", "' OR 1=1 --", "relative/path", "<script>"}) {
            assertEquals(400, assertThrows(ApiProblem.class, () -> Params.uri(bad, "url")).status());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
        "0000-12-31T23:59:59Z", "+1000000000-12-31T23:59:59Z"})
    void instantsOutsideTheYears1To9999AreRefused(String value) {
        ApiProblem refused = assertThrows(ApiProblem.class, () -> Params.instant(value, "from"));
        assertEquals(400, refused.status());
        assertEquals("out-of-range", refused.code());
        assertTrue(refused.getMessage().startsWith("from "), refused.getMessage());
    }

    @Test
    void instantsOfTheYears1To9999Pass() {
        assertEquals(Params.EARLIEST, Params.instant("0001-01-01T00:00:00Z", "from"));
        assertEquals(java.time.Instant.parse("9999-12-31T23:59:59Z"), Params.instant("9999-12-31T23:59:59Z", "to"));
    }
}
