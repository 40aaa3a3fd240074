package health.safeline.shared.error;

import java.util.UUID;

/** Path ids: Safeline ids are UUIDs; anything else is a 400 (or, for a FHIR read, a 404), not a 500. */
public final class Ids {

    private Ids() {
    }

    public static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiProblem.badRequest("invalid-id", "Not a valid id");
        }
    }

    /**
     * The id of a FHIR read or update of {@code type}: a UUID. Any other valid FHIR id ({@code [A-Za-z0-9-.]{1,64}},
     * e.g. {@code no-such-encounter-1}) could be some server's id but is none of ours: 404, as for an unknown UUID.
     * A malformed id (too long, other characters) is a 400.
     */
    public static UUID resource(String type, String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw notOurs(type, id);
        }
    }

    /** 404 for a valid FHIR id, 400 for anything else. */
    public static ApiProblem notOurs(String type, String id) {
        return Params.isFhirId(id) ? ApiProblem.notFound(type + "/" + id)
                : ApiProblem.badRequest("invalid-id", "Not a valid id: at most 64 letters, digits, - and .");
    }
}
