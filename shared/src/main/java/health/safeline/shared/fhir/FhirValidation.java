package health.safeline.shared.fhir;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import health.safeline.shared.error.ApiProblem;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;

/**
 * Validates resources against base R4 with HAPI's {@link FhirInstanceValidator} (structure, cardinality,
 * required bindings). One validator per process, built on first use (about 10 s cold, then milliseconds),
 * run on a worker thread. Used for resources from outside Safeline; service-to-service traffic is already
 * parsed strictly.
 */
@ApplicationScoped
public class FhirValidation {

    private final boolean warmUp;
    private volatile FhirValidator validator;

    FhirValidation(@ConfigProperty(name = "safeline.fhir.validation.warm-up", defaultValue = "false") boolean warmUp) {
        this.warmUp = warmUp;
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
                            new DefaultProfileValidationSupport(context),
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
}
