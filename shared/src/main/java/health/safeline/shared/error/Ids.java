package health.safeline.shared.error;

import java.util.UUID;

/** Path ids: Safeline ids are UUIDs; anything else is a 400, not a 500. */
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
}
