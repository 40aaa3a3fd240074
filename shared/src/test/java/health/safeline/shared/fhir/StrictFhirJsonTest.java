package health.safeline.shared.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.shared.error.ApiProblem;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What HAPI's strict parser lets through and Safeline refuses, and what stays accepted. */
class StrictFhirJsonTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // HAPI reads {} and null as "no value": the element silently disappears
        "{\"resourceType\":\"Communication\",\"status\":{}}                                     | empty object at status",
        "{\"resourceType\":\"Communication\",\"status\":null}                                   | null at status",
        "{\"resourceType\":\"Communication\",\"status\":\"completed\",\"identifier\":[]}        | empty array at identifier",
        "{\"resourceType\":\"Communication\",\"status\":\"\"}                                   | empty string at status",
        "{\"resourceType\":\"Communication\",\"status\":\"completed\",\"_status\":{\"x\":1}}    | unknown element 'x' in _status",
        // a lone value for a list: HAPI takes it
        "{\"resourceType\":\"Subscription\",\"channel\":{\"type\":\"rest-hook\",\"header\":\"A: b\"}} | channel.header repeats",
        // HAPI fails with a NullPointerException: a 400, not a 500
        "{\"resourceType\":\"Communication\",\"status\":\"completed\",\"extension\":[\"x\"]}     | does not have the shape",
        "{\"resourceType\":\"Communication\",\"payload\":[{\"contentString\":\"a\\u0000b\"}]}   | control characters or invalid Unicode at payload[0].contentString",
        "{\"resourceType\":\"Communication\",\"payload\":[{\"contentString\":\"a\\ud800b\"}]}   | control characters or invalid Unicode",
        "{\"resourceType\":\"Communication\",\"status\":\"completed\",\"status\":\"stopped\"}   | it is not JSON",
        "{'resourceType':'Communication'}                                                       | it is not JSON",
        "[]                                                                                     | a FHIR resource is a JSON object",
        "{\"resourceType\":\"Patient\"}                                                         | Communication",
    })
    void refusedWithAReason(String json, String reason) {
        ApiProblem problem = assertThrows(ApiProblem.class, () -> StrictFhirJson.parse(json.strip(), Communication.class));
        assertEquals(400, problem.status());
        assertTrue(problem.getMessage().contains(reason.strip()), problem.getMessage());
        assertFalse(problem.getMessage().matches(".*(Exception|java\\.|HAPI-).*"), problem.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"resourceType\":\"Communication\",\"status\":\"completed\",\"extension\":[{\"url\":\"http://x\",\"valueInteger\":\"soon\"}]}",
        "{\"resourceType\":\"Communication\",\"status\":\"whenever\"}",
    })
    void hapisOwnMessagesLeaveOutItsInternals(String json) {
        ApiProblem problem = assertThrows(ApiProblem.class, () -> StrictFhirJson.parse(json, Communication.class));
        assertFalse(problem.getMessage().matches(".*(Exception|java\\.|HAPI-).*"), problem.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"patient\",\"resource\":{\"resourceType\":\"Patient\","
                + "\"id\":\"p1\",\"name\":[{\"given\":[\"Ada\",\"Lovelace\"]}]}},{\"name\":\"narrative\",\"valueString\":\"it's <ok>\\n\"}]}",
        "{\"resourceType\":\"Subscription\",\"status\":\"requested\",\"reason\":\"r\",\"criteria\":\"https://x/t\","
                + "\"_criteria\":{\"extension\":[{\"url\":\"http://f\",\"valueString\":\"Communication?priority=stat\"}]},"
                + "\"channel\":{\"type\":\"rest-hook\",\"header\":[\"A: b\"],\"_payload\":{\"extension\":[{\"url\":\"http://c\",\"valueCode\":\"id-only\"}]},"
                + "\"payload\":\"application/fhir+json\"}}",
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":{\"resourceType\":\"Appointment\","
                + "\"status\":\"proposed\",\"participant\":[{\"actor\":{\"reference\":\"Patient/p1\"},\"status\":\"needs-action\"}]}}]}",
        "{\"resourceType\":\"Patient\",\"name\":[{\"given\":[\"Ada\",null],\"_given\":[null,{\"extension\":[{\"url\":\"http://x\",\"valueString\":\"y\"}]}]}]}",
    })
    void validFhirStillReads(String json) {
        IBaseResource resource = StrictFhirJson.parse(json, IBaseResource.class);
        assertTrue(resource instanceof Parameters || resource instanceof Subscription || resource instanceof Bundle
                || resource.fhirType().equals("Patient"));
    }
}
