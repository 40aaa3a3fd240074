package health.safeline.shared.fhir;

import health.safeline.api.RedFlag;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.StringType;

/** A red flag as a CodeableConcept (Safeline red-flag code, title, evidence extensions). */
public final class RedFlagConcepts {

    private RedFlagConcepts() {
    }

    public static CodeableConcept toConcept(RedFlag flag) {
        CodeableConcept concept = new CodeableConcept(new Coding(Fhir.CS_RED_FLAG, flag.id(), flag.title()));
        concept.setText(flag.title());
        flag.evidence().forEach(e -> concept.addExtension(Fhir.EXT_EVIDENCE, new StringType(e)));
        return concept;
    }

    public static RedFlag fromConcept(CodeableConcept concept) {
        Coding coding = concept.getCoding().stream()
                .filter(c -> Fhir.CS_RED_FLAG.equals(c.getSystem())).findFirst()
                .orElseGet(() -> concept.getCodingFirstRep());
        return new RedFlag(coding.getCode(), concept.hasText() ? concept.getText() : coding.getDisplay(),
                concept.getExtensionsByUrl(Fhir.EXT_EVIDENCE).stream()
                        .map(Extension::getValue).map(v -> v.primitiveValue()).toList());
    }
}
