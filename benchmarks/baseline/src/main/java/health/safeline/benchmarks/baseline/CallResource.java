package health.safeline.benchmarks.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The least a call-recording endpoint must do: verify the agent's JWT (RS256, issuer, audience, role) and store the
 * call with one INSERT. Safeline's intake throughput is reported as a ratio of this endpoint's.
 */
@Path("/api/v1/calls")
public class CallResource {

    private final Pool pool;
    private final JsonWebToken jwt;

    CallResource(Pool pool, JsonWebToken jwt) {
        this.pool = pool;
        this.jwt = jwt;
    }

    void createTable(@Observes StartupEvent start) {
        pool.query("CREATE TABLE IF NOT EXISTS call (id uuid PRIMARY KEY, agent text NOT NULL, reason text, "
                + "narrative text, body jsonb NOT NULL, created_at timestamptz NOT NULL)").execute().await().indefinitely();
    }

    @POST
    @RolesAllowed("agent")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> record(JsonNode call) {
        UUID id = UUID.randomUUID();
        return pool.preparedQuery("INSERT INTO call (id, agent, reason, narrative, body, created_at) "
                        + "VALUES ($1, $2, $3, $4, $5::jsonb, $6)")
                .execute(Tuple.tuple().addUUID(id).addString(jwt.getName()).addString(call.path("reason").asText(null))
                        .addString(call.path("narrative").asText(null)).addString(call.toString())
                        .addOffsetDateTime(OffsetDateTime.now()))
                .map(rows -> Response.created(URI.create("/api/v1/calls/" + id))
                        .entity(Map.of("id", id.toString(), "status", "recorded")).build());
    }
}
