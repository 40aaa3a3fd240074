package health.safeline.triage.service;

import health.safeline.triage.engine.TriageEngine;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Loads and validates the protocol once, at start-up: a malformed protocol stops the service. */
@ApplicationScoped
public class EngineProducer {

    @Produces
    @Singleton
    @Startup
    TriageEngine engine() {
        TriageEngine engine = TriageEngine.fromClasspath();
        Logger.getLogger(EngineProducer.class).infof("Triage protocol %s loaded", engine.protocolVersion());
        return engine;
    }
}
