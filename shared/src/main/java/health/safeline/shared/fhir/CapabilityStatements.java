package health.safeline.shared.fhir;

import health.safeline.shared.audit.AuditEventResource;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.FHIRVersion;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;

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
        cs.resource("AuditEvent", TypeRestfulInteraction.READ, TypeRestfulInteraction.SEARCHTYPE);
        return cs.searches(AuditEventResource.class);
    }

    /**
     * Lists the search parameters of every {@link FhirSearch} method of {@code resources} on its resource type
     * (declared with {@link #resource} before, or added here with the search interaction): the parameters the
     * services' {@link SearchParameterFilter} accepts, so the statement and the server cannot disagree.
     */
    public CapabilityStatements searches(Class<?>... resources) {
        for (Class<?> type : resources) {
            Method[] methods = type.getMethods();
            Arrays.sort(methods, Comparator.comparing(Method::getName));
            for (Method method : methods) {
                FhirSearch search = method.getAnnotation(FhirSearch.class);
                if (search == null) {
                    continue;
                }
                CapabilityStatementRestResourceComponent component = rest.getResource().stream()
                        .filter(r -> r.getType().equals(search.value())).findFirst()
                        .orElseGet(() -> resource(search.value()));
                if (component.getInteraction().stream()
                        .noneMatch(i -> i.getCode() == TypeRestfulInteraction.SEARCHTYPE)) {
                    component.addInteraction().setCode(TypeRestfulInteraction.SEARCHTYPE);
                }
                for (FhirSearch.Param param : search.params()) {
                    component.addSearchParam().setName(param.name()).setType(param.type());
                }
            }
        }
        return this;
    }

    /** Declares a resource type with its interactions; returns it to add search parameters and operations. */
    public CapabilityStatementRestResourceComponent resource(String type, TypeRestfulInteraction... interactions) {
        CapabilityStatementRestResourceComponent resource = rest.addResource().setType(type);
        for (TypeRestfulInteraction interaction : interactions) {
            resource.addInteraction().setCode(interaction);
        }
        return resource;
    }

    public CapabilityStatement build() {
        return statement;
    }
}
