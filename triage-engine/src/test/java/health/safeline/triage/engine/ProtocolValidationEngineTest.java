package health.safeline.triage.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The shipped protocol loads; malformed protocols fail fast with a message naming the file, rule and problem. */
class ProtocolValidationEngineTest {

    @Test
    void shippedProtocolLoads() {
        TriageEngine e = TriageEngine.fromClasspath();
        assertEquals("2026.12.4", e.protocolVersion());
        assertTrue(e.ruleIds().size() > 50);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bad-unknown-concept|rules.yaml rule #1 'dvt-typo': unknown concept 'legg'",
            "bad-level|rules.yaml rule #1 'bad-level': unknown level 'critical'",
            "bad-missing-source|rules.yaml rule #1 'no-source': missing or empty 'source'",
            "bad-duplicate-id|rules.yaml rule #2 'same-id': duplicate rule id",
            "bad-vital|unknown vital 'bloodpressure'",
            "bad-rule-ref|unknown rule 'does-not-exist'",
            "bad-phrase|phrase '(chest pain': missing ')'",
            "bad-cycle|Rule references form a cycle",
            "bad-yaml|is not valid YAML"})
    void malformedProtocolFailsWithClearMessage(String folder, String expected) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> TriageEngine.fromClasspath("engine/" + folder));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void missingProtocolFails() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> TriageEngine.fromClasspath("engine/nowhere"));
        assertTrue(e.getMessage().contains("engine/nowhere/protocol.yaml not found"), e.getMessage());
    }
}
