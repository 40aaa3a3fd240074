package health.safeline.shared.fhir;

import health.safeline.shared.error.ApiProblem;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Reference;

/**
 * Literal references of incoming resources ({@code Type/id}, relative, as Safeline exchanges them): anything else
 * where one is expected is a 422 that names the element, so that no odd string becomes a stored or looked-up id.
 */
public final class References {

    private static final Pattern RELATIVE = Pattern.compile("([A-Z][A-Za-z]{1,63})/([A-Za-z0-9\\-.]{1,64})");

    /** A parsed {@code type/id}. */
    public record Ref(String type, String id) {
    }

    private References() {
    }

    /** The id of {@code reference}, which must be {@code type/id}. */
    public static String id(Reference reference, String type, String element) {
        return find(reference, element).filter(r -> r.type().equals(type)).map(Ref::id)
                .orElseThrow(() -> invalid(element + " must reference " + type + "/<id>"));
    }

    /** The id of the first {@code type} among {@code references}, each of which must be Type/id (else 422). */
    public static Optional<String> first(List<Reference> references, String type, String element) {
        List<Ref> refs = references.stream().map(r -> find(r, element)).flatMap(Optional::stream).toList();
        return refs.stream().filter(r -> r.type().equals(type)).map(Ref::id).findFirst();
    }

    /** {@code reference} as type and id; empty when it holds no literal reference, a 422 when it is not Type/id. */
    public static Optional<Ref> find(Reference reference, String element) {
        if (reference == null || !reference.hasReference()) {
            return Optional.empty();
        }
        Matcher m = RELATIVE.matcher(reference.getReference());
        if (!m.matches()) {
            throw invalid(element + " must be a relative reference Type/<id> "
                    + "(id: at most 64 letters, digits, - and .)");
        }
        return Optional.of(new Ref(m.group(1), m.group(2)));
    }

    private static ApiProblem invalid(String message) {
        return ApiProblem.unprocessable("invalid-reference", message);
    }
}
