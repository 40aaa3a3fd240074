package health.safeline.shared.error;

/** Classifies persistence failures. */
public final class Failures {

    private static final String UNIQUE_VIOLATION = "23505";

    private Failures() {
    }

    /** True when a unique constraint refused the write (a concurrent or repeated insert). */
    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.vertx.pgclient.PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return true;
            }
            if (t instanceof org.hibernate.exception.ConstraintViolationException c
                    && UNIQUE_VIOLATION.equals(c.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
