package health.safeline.triage.service;

import health.safeline.api.RedFlag;
import health.safeline.api.TriageLevel;
import health.safeline.shared.error.Params;
import health.safeline.shared.fhir.Fhir;
import health.safeline.triage.engine.ProtocolView;
import health.safeline.triage.engine.TriageEngine;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Safeline's published terminology: the triage levels and the red flags of the protocol in force
 * (one concept per rule, versioned with the protocol), each as a CodeSystem with an all-codes ValueSet.
 */
@ApplicationScoped
public class Terminology {

    public static final String VS_TRIAGE_LEVEL = Fhir.BASE + "/ValueSet/triage-level";
    public static final String VS_RED_FLAG = Fhir.BASE + "/ValueSet/red-flag";
    private static final Map<TriageLevel, String> LEVEL_DEFINITIONS = Map.of(
            TriageLevel.EMERGENCY, "Life-threatening: the caller is told to hang up and dial 911 now; a clinician is alerted (stat).",
            TriageLevel.URGENT, "Needs a clinician now: no booking; a clinician calls back within minutes (asap).",
            TriageLevel.SAME_DAY, "Needs to be seen today: bookable within 24 hours of the assessment.",
            TriageLevel.ROUTINE, "Routine: bookable within 30 days.");

    private final Map<String, CodeSystem> codeSystems;
    private final Map<String, ValueSet> valueSets;

    Terminology(TriageEngine engine) {
        ProtocolView protocol = engine.review();
        String version = protocol.version();
        CodeSystem levels = codeSystem("triage-level", Fhir.CS_TRIAGE_LEVEL, "SafelineTriageLevel",
                "Safeline triage levels, most urgent first", version, VS_TRIAGE_LEVEL);
        for (TriageLevel level : TriageLevel.values()) {
            levels.addConcept().setCode(level.code()).setDisplay(display(level.code()))
                    .setDefinition(LEVEL_DEFINITIONS.get(level));
        }
        CodeSystem flags = codeSystem("red-flag", Fhir.CS_RED_FLAG, "SafelineRedFlag",
                "Red flags of the Safeline triage protocol " + version + " (one per protocol rule)", version, VS_RED_FLAG);
        flags.addProperty().setCode("level").setType(CodeSystem.PropertyType.CODE)
                .setUri(Fhir.CS_TRIAGE_LEVEL).setDescription("Triage level the rule assigns");
        for (ProtocolView.QuestionView rule : protocol.rules()) {
            flags.addConcept().setCode(rule.id()).setDisplay(rule.title()).setDefinition(rule.rationale())
                    .addProperty().setCode("level").setValue(new CodeType(rule.level()));
        }
        flags.addConcept().setCode(RedFlag.UNRECOGNISED).setDisplay("Unrecognised symptoms")
                .setDefinition("The protocol recognised no complaint in the call: at least same-day, reviewed by a clinician.");
        this.codeSystems = Stream.of(levels, flags).collect(Collectors.toMap(CodeSystem::getIdPart, Function.identity()));
        this.valueSets = Stream.of(valueSet(levels, VS_TRIAGE_LEVEL), valueSet(flags, VS_RED_FLAG))
                .collect(Collectors.toMap(ValueSet::getIdPart, Function.identity()));
    }

    public Optional<CodeSystem> codeSystem(String id) {
        return Optional.ofNullable(codeSystems.get(id));
    }

    public Optional<ValueSet> valueSet(String id) {
        return Optional.ofNullable(valueSets.get(id));
    }

    /** Code systems, optionally only the one with canonical {@code url}. */
    public List<CodeSystem> codeSystems(String url) {
        return byUrl(codeSystems.values().stream(), url);
    }

    public List<ValueSet> valueSets(String url) {
        return byUrl(valueSets.values().stream(), url);
    }

    /** Those with canonical {@code url} ({@code url|version} reads as {@code url}; not an absolute URI: 400). */
    private static <T extends MetadataResource> List<T> byUrl(Stream<T> all, String url) {
        String canonical = url == null || url.isBlank() ? null : Params.uri(url.strip().split("\\|")[0], "url");
        return all.filter(r -> canonical == null || r.getUrl().equals(canonical))
                .sorted((a, b) -> a.getIdPart().compareTo(b.getIdPart())).toList();
    }

    private static CodeSystem codeSystem(String id, String url, String name, String title, String version,
            String valueSet) {
        CodeSystem cs = new CodeSystem();
        cs.setId(id);
        cs.setUrl(url).setVersion(version).setName(name).setTitle(title).setStatus(PublicationStatus.ACTIVE)
                .setExperimental(false).setDate(new Date()).setPublisher("Safeline")
                .setCaseSensitive(true).setContent(CodeSystemContentMode.COMPLETE).setValueSet(valueSet);
        return cs;
    }

    private static ValueSet valueSet(CodeSystem cs, String url) {
        ValueSet vs = new ValueSet();
        vs.setId(cs.getIdPart());
        vs.setUrl(url).setVersion(cs.getVersion()).setName(cs.getName() + "s").setTitle("All codes of " + cs.getTitle())
                .setStatus(PublicationStatus.ACTIVE).setExperimental(false).setDate(cs.getDate()).setPublisher("Safeline");
        vs.getCompose().addInclude().setSystem(cs.getUrl()).setVersion(cs.getVersion());
        return vs;
    }

    private static String display(String code) {
        String words = code.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
