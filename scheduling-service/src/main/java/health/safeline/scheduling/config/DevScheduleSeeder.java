package health.safeline.scheduling.config;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.jboss.logging.Logger;

/**
 * DEV ONLY: loads practitioners and schedules from {@code dev/schedules.sql} at start-up when
 * {@code safeline.scheduling.dev-seed} is true (a runtime switch, so a packaged jar run with the
 * dev profile gets them too). Idempotent and safe with several replicas (ON CONFLICT DO NOTHING).
 */
@ApplicationScoped
public class DevScheduleSeeder {

    void seed(@Observes StartupEvent event, Pool pool, SchedulingConfig config) {
        if (!config.devSeed()) {
            return;
        }
        String script;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("dev/schedules.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String sql = Arrays.stream(script.split("\n")).filter(line -> !line.startsWith("--"))
                .reduce("", (a, b) -> a + "\n" + b);
        pool.withTransaction(connection -> io.smallrye.mutiny.Multi.createFrom()
                        .items(Arrays.stream(sql.split(";")).map(String::strip).filter(s -> !s.isEmpty()))
                        .onItem().transformToUniAndConcatenate(statement -> connection.query(statement).execute())
                        .collect().last())
                .await().atMost(Duration.ofSeconds(30));
        Logger.getLogger(DevScheduleSeeder.class).info("DEV schedules loaded");
    }
}
