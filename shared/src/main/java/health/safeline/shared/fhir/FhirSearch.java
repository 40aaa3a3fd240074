package health.safeline.shared.fhir;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

/**
 * Declares a FHIR search endpoint: the resource type it searches and every parameter it understands. The one
 * declaration serves twice: {@link SearchParameterFilter} refuses any other parameter (FHIR's strict handling,
 * unless {@code Prefer: handling=lenient}), and {@link CapabilityStatements#searches} lists the same parameters in
 * {@code /fhir/metadata}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface FhirSearch {

    /** The resource type searched, e.g. {@code Encounter}. */
    String value();

    /** Its search parameters, as the CapabilityStatement lists them. */
    Param[] params() default {};

    /** The result parameters it takes besides {@code _format} (which every FHIR path takes): by default paging. */
    String[] results() default {"_count", "_offset"};

    /** One search parameter: its name and FHIR type. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({})
    @interface Param {

        String name();

        SearchParamType type();
    }
}
