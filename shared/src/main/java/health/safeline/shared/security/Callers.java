package health.safeline.shared.security;

import io.quarkus.security.identity.SecurityIdentity;

/** Who made a request, for audit records: the token subject, never a name. */
public final class Callers {

    private Callers() {
    }

    public static String id(SecurityIdentity identity) {
        return identity == null || identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }
}
