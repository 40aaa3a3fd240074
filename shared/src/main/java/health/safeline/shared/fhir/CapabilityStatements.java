package health.safeline.shared.fhir;

import java.util.Date;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.FHIRVersion;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

/** Builds a service's CapabilityStatement: each service lists exactly what it implements. */
public final class CapabilityStatements {

    private final CapabilityStatement statement = new CapabilityStatement();
    private final CapabilityStatementRestComponent rest;

    private CapabilityStatements(String service, String version) {
        statement.setStatus(PublicationStatus.ACTIVE)
                .setDate(new Date())
                .setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE)
                .setFhirVersion(FHIRVersion._4_0_1)
                .setName("Safeline" + service.replace("-", ""))
                .setPublisher("Safeline");
        statement.getSoftware().setName("Safeline " + service).setVersion(version);
        statement.getImplementation().setDescription("Safeline " + service);
        statement.addFormat(Fhir.JSON).addFormat("json");
        rest = statement.addRest().setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
        rest.getSecurity().addService(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/restful-security-service", "OAuth", "OAuth")))
                .setDescription("Bearer JWT; roles in the groups claim");
    }

    /** A server statement that already lists the audit trail every service exposes (AuditEvent read, search). */
    public static CapabilityStatements server(String service, String version) {
        CapabilityStatements cs = new CapabilityStatements(service, version);
        CapabilityStatementRestResourceComponent audit = cs.resource("AuditEvent", TypeRestfulInteraction.READ,
                TypeRestfulInteraction.SEARCHTYPE);
        searchParam(audit, "entity", SearchParamType.REFERENCE);
        searchParam(audit, "date", SearchParamType.DATE);
        return cs;
    }

    /** Declares a resource type with its interactions; returns it to add search parameters and operations. */
    public CapabilityStatementRestResourceComponent resource(String type, TypeRestfulInteraction... interactions) {
        CapabilityStatementRestResourceComponent resource = rest.addResource().setType(type);
        for (TypeRestfulInteraction interaction : interactions) {
            resource.addInteraction().setCode(interaction);
        }
        return resource;
    }

    public static void searchParam(CapabilityStatementRestResourceComponent resource, String name,
            SearchParamType type) {
        resource.addSearchParam().setName(name).setType(type);
    }

    public CapabilityStatement build() {
        return statement;
    }
}
