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

    /** True when PostgreSQL could not be reached, or is restarting or shutting down: worth a retry. */
    public static boolean isDatabaseUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof io.vertx.sqlclient.ClosedConnectionException) {
                return true;
            }
            // SQLSTATE class 08: connection exception; 57P0x: shutting down, crash recovery, cannot connect now
            if (t instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P0"))) {
                return true;
            }
        }
        return false;
    }
}
