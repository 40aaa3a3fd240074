package health.safeline.shared.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import health.safeline.shared.error.ApiProblem;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Validates resources against base R4 with HAPI's {@link FhirInstanceValidator} (structure, cardinality,
 * required bindings). One validator per process, built on first use (a few seconds cold, then milliseconds),
 * run on a worker thread. Used for resources from outside Safeline; service-to-service traffic is already
 * parsed strictly.
 *
 * <p>The validator knows the R4 data types and only the resources in {@link #RESOURCES}, with the value sets
 * and code systems they bind: the whole specification costs about 150 MB of heap for ever, since the validator
 * converts every definition it is given. A contained resource of another type is refused as unknown.
 */
@ApplicationScoped
public class FhirValidation {

    /** The resources EHRs send Safeline (Patient, Appointment, Subscription), their bases, and what they may contain. */
    static final Set<String> RESOURCES = Set.of("Resource", "DomainResource", "Patient", "Appointment",
            "Subscription", "Organization", "Practitioner", "PractitionerRole", "RelatedPerson", "Location",
            "HealthcareService", "Slot", "Schedule", "Endpoint");

    private static final String R4 = "/org/hl7/fhir/r4/model/";
    private static final String PACKAGE = "hl7.fhir.r4.core";
    private static final List<String> STRUCTURE_DEFINITIONS = List.of(R4 + "profile/profiles-types.xml",
            R4 + "profile/profiles-resources.xml");
    private static final List<String> TERMINOLOGY = List.of(R4 + "valueset/valuesets.xml",
            R4 + "valueset/v2-tables.xml", R4 + "valueset/v3-codesystems.xml");

    private final boolean warmUp;
    private final Set<String> resources;
    private volatile FhirValidator validator;

    @Inject
    FhirValidation(@ConfigProperty(name = "safeline.fhir.validation.warm-up", defaultValue = "false") boolean warmUp) {
        this(warmUp, RESOURCES);
    }

    private FhirValidation(boolean warmUp, Set<String> resources) {
        this.warmUp = warmUp;
        this.resources = resources;
    }

    /** A validator of every R4 resource type (null: all), for tests of what Safeline serves. */
    public static FhirValidation ofWholeSpecification() {
        return new FhirValidation(false, null);
    }

    /** Services that validate incoming resources build the validator at start-up, off the start-up path. */
    void warmUp(@Observes StartupEvent startup) {
        if (warmUp) {
            Thread thread = new Thread(() -> validate(new Patient()), "fhir-validator-warm-up");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** {@code resource} unchanged when it has no error-level issue; otherwise a 422 carrying the validator's issues. */
    public <T extends IBaseResource> Uni<T> requireValid(T resource) {
        // blocking work off the event loop, resumed on the caller's Vert.x context (Hibernate Reactive needs it)
        Context context = Vertx.currentContext();
        Uni<ValidationResult> validated = context == null ? Uni.createFrom().item(() -> validate(resource))
                : Uni.createFrom().completionStage(() -> context.<ValidationResult>executeBlocking(
                        () -> validate(resource), false).toCompletionStage());
        return validated
                .map(result -> {
                    if (!errors(result).getIssue().isEmpty()) {
                        throw ApiProblem.invalidResource(errors(result));
                    }
                    return resource;
                });
    }

    /** Runs the validator (blocking). */
    public ValidationResult validate(IBaseResource resource) {
        return validator().validateWithResult(resource);
    }

    /** The error and fatal issues of {@code result} as an OperationOutcome. */
    public static OperationOutcome errors(ValidationResult result) {
        OperationOutcome outcome = new OperationOutcome();
        result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .forEach(m -> outcome.addIssue()
                        .setSeverity(m.getSeverity() == ResultSeverityEnum.FATAL
                                ? OperationOutcome.IssueSeverity.FATAL : OperationOutcome.IssueSeverity.ERROR)
                        .setCode(OperationOutcome.IssueType.INVALID)
                        .setDiagnostics(m.getMessage())
                        .addExpression(m.getLocationString()));
        return outcome;
    }

    private FhirValidator validator() {
        FhirValidator v = validator;
        if (v == null) {
            synchronized (this) {
                v = validator;
                if (v == null) {
                    var context = FhirContextProducer.context();
                    ValidationSupportChain chain = new ValidationSupportChain(
                            resources == null ? new DefaultProfileValidationSupport(context)
                                    : definitions(context, resources),
                            new CommonCodeSystemsTerminologyService(context),
                            new InMemoryTerminologyServerValidationSupport(context),
                            new SnapshotGeneratingValidationSupport(context));
                    FhirInstanceValidator module = new FhirInstanceValidator(chain);
                    module.setAnyExtensionsAllowed(true);
                    v = context.newValidator().registerValidatorModule(module);
                    validator = v;
                }
            }
        }
        return v;
    }

    /**
     * The data types and {@code resources} of base R4, with the value sets they bind and their code systems, read
     * from HAPI's copy of the specification. Read here rather than through {@link DefaultProfileValidationSupport},
     * which keeps every value set of the specification (about 1,300, several MB) in a static cache for ever.
     */
    static IValidationSupport definitions(FhirContext context, Set<String> resources) {
        PrePopulatedValidationSupport kept = new PrePopulatedValidationSupport(context);
        Set<String> valueSets = new TreeSet<>();
        for (String bundle : STRUCTURE_DEFINITIONS) {
            for (Resource resource : core(context, bundle)) {
                if (resource instanceof StructureDefinition sd && wanted(sd, resources)) {
                    kept.addStructureDefinition(sd);
                    sd.getSnapshot().getElement().stream()
                            .filter(e -> e.hasBinding() && e.getBinding().hasValueSet())
                            .forEach(e -> valueSets.add(unversioned(e.getBinding().getValueSet())));
                }
            }
        }
        Map<String, ValueSet> allValueSets = new HashMap<>();
        Map<String, CodeSystem> codeSystems = new HashMap<>();
        for (String bundle : TERMINOLOGY) {
            for (Resource resource : core(context, bundle)) {
                if (resource instanceof ValueSet vs) {
                    allValueSets.putIfAbsent(vs.getUrl(), vs);
                } else if (resource instanceof CodeSystem cs) {
                    codeSystems.putIfAbsent(cs.getUrl(), cs);
                }
            }
        }
        for (String url : valueSets) {
            ValueSet vs = allValueSets.get(url);
            if (vs != null) {
                kept.addValueSet(vs);
                vs.getCompose().getInclude().stream().filter(ValueSet.ConceptSetComponent::hasSystem)
                        .map(include -> codeSystems.get(unversioned(include.getSystem()))).filter(Objects::nonNull)
                        .forEach(kept::addCodeSystem);
            }
        }
        return kept;
    }

    /** The resources of one of HAPI's bundles of the R4 specification, marked as from its package. */
    private static List<Resource> core(FhirContext context, String bundle) {
        try (InputStream in = FhirValidation.class.getResourceAsStream(bundle)) {
            if (in == null) {
                throw new IllegalStateException("HAPI's R4 definitions are missing from the class path: " + bundle);
            }
            Bundle parsed = context.newXmlParser().setParserErrorHandler(new LenientErrorHandler(false))
                    .parseResource(Bundle.class, new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Resource> resources = parsed.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                    .toList();
            resources.forEach(r -> r.setUserData(DefaultProfileValidationSupport.SOURCE_PACKAGE_ID, PACKAGE));
            return resources;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A canonical URL without its {@code |version}. */
    private static String unversioned(String canonical) {
        int bar = canonical.indexOf('|');
        return bar < 0 ? canonical : canonical.substring(0, bar);
    }

    /** Data types (not the extension definitions: any extension is allowed) and {@code resources}. */
    private static boolean wanted(StructureDefinition sd, Set<String> resources) {
        return switch (sd.getKind()) {
            case PRIMITIVETYPE -> true;
            case COMPLEXTYPE -> !("Extension".equals(sd.getType())
                    && sd.getDerivation() == StructureDefinition.TypeDerivationRule.CONSTRAINT);
            case RESOURCE -> resources.contains(sd.getType())
                    && sd.getDerivation() != StructureDefinition.TypeDerivationRule.CONSTRAINT;
            default -> false;
        };
    }
}
