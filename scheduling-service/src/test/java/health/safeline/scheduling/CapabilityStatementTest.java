package health.safeline.scheduling;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** /fhir/metadata tells the truth: exactly the resources, interactions and search parameters served. */
@QuarkusTest
class CapabilityStatementTest {

    @Test
    void listsExactlyWhatSchedulingServes() {
        JsonPath cs = given().get("/fhir/metadata").then().statusCode(200).extract().jsonPath();
        assertEquals("CapabilityStatement", cs.getString("resourceType"));
        assertEquals("4.0.1", cs.getString("fhirVersion"));
        Map<String, String> served = new TreeMap<>();
        for (Map<String, Object> resource : cs.<Map<String, Object>>getList("rest[0].resource")) {
            @SuppressWarnings("unchecked")
            List<Map<String, String>> interactions = (List<Map<String, String>>) resource.get("interaction");
            @SuppressWarnings("unchecked")
            List<Map<String, String>> params = (List<Map<String, String>>) resource.getOrDefault("searchParam", List.of());
            served.put((String) resource.get("type"),
                    new TreeSet<>(interactions.stream().map(i -> i.get("code")).toList()) + " "
                            + new TreeSet<>(params.stream().map(p -> p.get("name") + ":" + p.get("type")).toList()));
        }
        assertEquals(Map.of(
                "AuditEvent", "[read, search-type] [date:date, entity:reference]",
                "Slot", "[read, search-type] [start:date, status:token]",
                "Schedule", "[read] []",
                "Appointment", "[create, read, search-type] [date:date, patient:reference]"), served);
    }
}
