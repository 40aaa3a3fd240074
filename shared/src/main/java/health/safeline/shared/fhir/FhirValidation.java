package health.safeline.shared.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
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
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
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

    /** The data types and {@code resources} of base R4, with the value sets they bind and their code systems. */
    static IValidationSupport definitions(FhirContext context, Set<String> resources) {
        DefaultProfileValidationSupport all = new DefaultProfileValidationSupport(context);
        PrePopulatedValidationSupport kept = new PrePopulatedValidationSupport(context);
        Set<String> valueSets = new TreeSet<>();
        for (StructureDefinition sd : all.<StructureDefinition>fetchAllStructureDefinitions()) {
            if (wanted(sd, resources)) {
                kept.addStructureDefinition(sd);
                sd.getSnapshot().getElement().stream()
                        .filter(e -> e.hasBinding() && e.getBinding().hasValueSet())
                        .forEach(e -> valueSets.add(e.getBinding().getValueSet()));
            }
        }
        for (String url : valueSets) {
            if (all.fetchValueSet(url) instanceof ValueSet vs) {
                kept.addValueSet(vs);
                vs.getCompose().getInclude().stream().filter(ValueSet.ConceptSetComponent::hasSystem)
                        .map(include -> all.fetchCodeSystem(include.getSystem()))
                        .filter(CodeSystem.class::isInstance).forEach(kept::addCodeSystem);
            }
        }
        all.flush();
        return kept;
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
