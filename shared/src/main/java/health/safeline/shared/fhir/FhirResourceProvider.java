package health.safeline.shared.fhir;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Reads and writes HAPI resources as FHIR JSON, for the server and the REST clients alike.
 * A new parser per message: parsers are cheap and not thread-safe. Reading is strict ({@link StrictFhirJson}); the
 * body is bounded by {@code quarkus.http.limits.max-body-size}.
 */
@Provider
@Consumes({Fhir.JSON, MediaType.APPLICATION_JSON})
@Produces({Fhir.JSON, MediaType.APPLICATION_JSON})
public class FhirResourceProvider implements MessageBodyReader<IBaseResource>, MessageBodyWriter<IBaseResource> {

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return IBaseResource.class.isAssignableFrom(type);
    }

    @Override
    public IBaseResource readFrom(Class<IBaseResource> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        // Strict: an unknown element or a wrong value is the caller's error, never silently dropped.
        return StrictFhirJson.parse(new String(body.readAllBytes(), StandardCharsets.UTF_8), type);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return IBaseResource.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(IBaseResource resource, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        FhirContextProducer.context().newJsonParser().encodeResourceToWriter(resource, writer);
        writer.flush();
    }
}
