package health.safeline.shared.fhir;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import health.safeline.shared.error.ApiProblem;
import health.safeline.shared.error.Params;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Parses a FHIR JSON resource strictly: HAPI's parser with its {@link StrictErrorHandler} (unknown elements, bad
 * values), after the rules of FHIR's JSON format that HAPI lets through are checked on the JSON itself. HAPI
 * silently drops an element given {@code {}} or {@code null} (so {@code "status": {}} reads as no status) and ignores
 * unknown keys of a {@code _element}. Every failure is a 400 naming the place and the rule, without parser internals.
 */
public final class StrictFhirJson {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    /** The keys of a primitive's {@code _element} object. */
    private static final Set<String> PRIMITIVE_EXTRAS = Set.of("id", "extension");
    private static final Pattern HAPI_CODE = Pattern.compile("HAPI-\\d+: ");
    private static final Pattern JAVA_EXCEPTION =
            Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error):? ?");

    /** Why the JSON is not FHIR JSON; becomes the 400's message. */
    private static final class NotFhir extends RuntimeException {
        NotFhir(String why) {
            super(why, null, false, false);
        }
    }

    private StrictFhirJson() {
    }

    /** The request body as a resource of {@code type} (any resource for {@code IBaseResource}); else a 400. */
    public static <T extends IBaseResource> T parse(String json, Class<T> type) {
        return parse(json, type, "Body");
    }

    /** {@code json}, the part of a request called {@code what}, as a resource of {@code type}; else a 400. */
    public static <T extends IBaseResource> T parse(String json, Class<T> type, String what) {
        try {
            JsonNode tree = JSON.readTree(json);
            if (tree == null || !tree.isObject()) {
                throw new NotFhir("a FHIR resource is a JSON object");
            }
            check(tree, "");
            arrays(tree, null, "");
            IParser parser = FhirContextProducer.context().newJsonParser()
                    .setParserErrorHandler(new StrictErrorHandler());
            return type.isInterface() || java.lang.reflect.Modifier.isAbstract(type.getModifiers())
                    ? type.cast(parser.parseResource(json)) : parser.parseResource(type, json);
        } catch (JsonProcessingException e) {
            throw invalid(what, "it is not JSON");
        } catch (NotFhir e) {
            throw invalid(what, e.getMessage());
        } catch (DataFormatException e) {
            throw invalid(what, clean(e.getMessage()));
        } catch (RuntimeException e) {
            // HAPI fails on some shapes it does not expect (an extension given as a string) instead of refusing them
            throw invalid(what, "an element does not have the shape FHIR gives it");
        }
    }

    /** FHIR's JSON rules HAPI does not enforce: no empty or null element, clean strings, well-formed extras. */
    private static void check(JsonNode node, String at) {
        if (node.isObject()) {
            if (node.isEmpty()) {
                throw new NotFhir("empty object at " + where(at) + " (an element needs a value or children)");
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String path = at.isEmpty() ? field.getKey() : at + "." + field.getKey();
                if (field.getValue().isNull()) {
                    throw new NotFhir("null at " + path + " (leave the element out instead)");
                }
                if (field.getKey().startsWith("_")) {
                    extras(field.getValue(), path);
                }
                check(field.getValue(), path);
            }
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                throw new NotFhir("empty array at " + where(at) + " (leave the element out instead)");
            }
            for (int i = 0; i < node.size(); i++) {
                // null only as a placeholder aligning a primitive array with its _element array
                if (!node.get(i).isNull()) {
                    check(node.get(i), at + "[" + i + "]");
                }
            }
        } else if (node.isTextual() && node.textValue().isEmpty()) {
            throw new NotFhir("empty string at " + where(at) + " (leave the element out instead)");
        } else if (node.isTextual() && !Params.isCleanText(node.textValue())) {
            throw new NotFhir("control characters or invalid Unicode at " + where(at));
        }
    }

    /**
     * Repeating elements are arrays, as FHIR's JSON format says: HAPI takes a lone value for a list. {@code type} is
     * the definition of {@code object}, null for a resource (read from its resourceType). Unknown names are left to
     * HAPI, which refuses them.
     */
    private static void arrays(JsonNode object, BaseRuntimeElementCompositeDefinition<?> type, String at) {
        BaseRuntimeElementCompositeDefinition<?> definition = type;
        if (object.hasNonNull("resourceType")) {
            try {
                definition = FhirContextProducer.context().getResourceDefinition(object.get("resourceType").asText());
            } catch (DataFormatException unknown) {
                return; // HAPI names the unknown resource type
            }
        }
        if (definition == null) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey().startsWith("_") ? field.getKey().substring(1) : field.getKey();
            BaseRuntimeChildDefinition child = definition.getChildByName(name);
            if (child == null) {
                continue;
            }
            String path = at.isEmpty() ? field.getKey() : at + "." + field.getKey();
            JsonNode value = field.getValue();
            if (child.getMax() != 1 && !value.isArray()) {
                throw new NotFhir(path + " repeats: it must be an array");
            }
            if (field.getKey().startsWith("_")) {
                continue;
            }
            BaseRuntimeElementCompositeDefinition<?> element = child.getChildByName(name)
                    instanceof BaseRuntimeElementCompositeDefinition<?> composite ? composite : null;
            int i = 0;
            for (JsonNode item : value.isArray() ? value : List.of(value)) {
                if (item.isObject()) {
                    arrays(item, element, value.isArray() ? path + "[" + i + "]" : path);
                }
                i++;
            }
        }
    }

    /** A primitive's {@code _element}: an object (or array of objects) with an id and extensions only. */
    private static void extras(JsonNode value, String at) {
        for (JsonNode extra : value.isArray() ? value : List.of(value)) {
            if (!extra.isNull() && !extra.isObject()) {
                throw new NotFhir(at + " must be an object with id or extension");
            }
            extra.fieldNames().forEachRemaining(key -> {
                if (!PRIMITIVE_EXTRAS.contains(key)) {
                    throw new NotFhir("unknown element '" + key + "' in " + at);
                }
            });
        }
    }

    private static String where(String at) {
        return at.isEmpty() ? "the root" : at;
    }

    /** A HAPI message without its codes and any Java exception name it quotes. */
    static String clean(String message) {
        if (message == null || message.isBlank()) {
            return "it is not a valid FHIR resource";
        }
        return JAVA_EXCEPTION.matcher(HAPI_CODE.matcher(message).replaceAll("")).replaceAll("");
    }

    private static ApiProblem invalid(String what, String why) {
        return ApiProblem.badRequest("invalid-fhir", what + " is not valid FHIR JSON: " + why);
    }
}
