// Strict typed decode of Strimzi resources with Strimzi's own model classes (io.strimzi:api).
//
//   java -cp '<libs>/*' deploy/validate/StrimziCheck.java rendered.yaml [...]
//
// Strimzi publishes no CRD YAML to Maven Central (nor its crd-generator), but its api jar holds
// the classes the operator itself decodes custom resources into. Every kafka.strimzi.io object
// in the input is decoded into its class with unknown, null-for-primitive and coerced scalar
// values rejected; the models keep unknown fields in `additionalProperties` instead of failing,
// so the decoded object graph is walked and any such field is an error, as is a missing
// @JsonProperty(required = true) field or an apiVersion the class does not serve.
// Other objects are skipped (kubeconform checks them). Exit 1 on any error.

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.strimzi.api.kafka.model.common.UnknownPropertyPreserving;
import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

public class StrimziCheck {
    static final String GROUP = "kafka.strimzi.io";
    static final Map<String, String> KINDS = Map.of(
            "Kafka", "io.strimzi.api.kafka.model.kafka.Kafka",
            "KafkaNodePool", "io.strimzi.api.kafka.model.nodepool.KafkaNodePool",
            "KafkaTopic", "io.strimzi.api.kafka.model.topic.KafkaTopic",
            "KafkaUser", "io.strimzi.api.kafka.model.user.KafkaUser",
            "KafkaRebalance", "io.strimzi.api.kafka.model.rebalance.KafkaRebalance");

    public static void main(String[] args) throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonMapper strict = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        strict.coercionConfigDefaults()
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        int errors = 0, checked = 0;
        for (String file : args) {
            List<JsonNode> docs = yaml.readerFor(JsonNode.class)
                    .<JsonNode>readValues(new File(file)).readAll();
            for (JsonNode doc : docs) {
                if (doc == null || doc.isNull()) continue;
                String api = doc.path("apiVersion").asText();
                if (!api.startsWith(GROUP + "/")) continue;
                String kind = doc.path("kind").asText();
                String where = file + ": " + kind + "/" + doc.path("metadata").path("name").asText();
                List<String> problems = new ArrayList<>();
                try {
                    problems = check(strict, doc, kind, api.substring(GROUP.length() + 1));
                } catch (Exception e) {
                    problems.add(e.getMessage().split("\n")[0]);
                }
                checked++;
                for (String p : problems) {
                    System.err.println(where + ": " + p);
                    errors++;
                }
            }
        }
        System.out.println("strimzi: " + checked + " resources checked, " + errors + " errors");
        System.exit(errors == 0 ? 0 : 1);
    }

    static List<String> check(ObjectMapper m, JsonNode doc, String kind, String version)
            throws Exception {
        List<String> out = new ArrayList<>();
        String cls = KINDS.get(kind);
        if (cls == null) {
            out.add("unknown Strimzi kind " + kind);
            return out;
        }
        Class<?> type = Class.forName(cls);
        @SuppressWarnings("unchecked")
        List<String> served = (List<String>) type.getField("VERSIONS").get(null);
        if (!served.contains(version)) {
            out.add("apiVersion " + GROUP + "/" + version + " not served; Strimzi 0.49 serves " + served);
        }
        Object obj = m.treeToValue(doc, type);
        walk(obj, "", out, new IdentityHashMap<>());
        return out;
    }

    /** Fields the model kept as unknown and required fields left empty, with their paths. */
    static void walk(Object o, String path, List<String> out, IdentityHashMap<Object, Boolean> seen)
            throws Exception {
        if (o == null || seen.put(o, true) != null) return;
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object x : c) walk(x, path + "[" + i++ + "]", out, seen);
            return;
        }
        if (o instanceof Map<?, ?> mp) {
            for (Map.Entry<?, ?> e : mp.entrySet()) walk(e.getValue(), path + "." + e.getKey(), out, seen);
            return;
        }
        if (!o.getClass().getName().startsWith("io.strimzi.")) return;
        if (o instanceof UnknownPropertyPreserving u && u.getAdditionalProperties() != null) {
            for (String k : u.getAdditionalProperties().keySet()) {
                out.add("unknown field " + (path.isEmpty() ? "" : path.substring(1) + ".") + k);
            }
        }
        for (Method g : o.getClass().getMethods()) {
            if (g.getParameterCount() != 0 || Modifier.isStatic(g.getModifiers())) continue;
            String n = g.getName();
            if (!(n.startsWith("get") || n.startsWith("is")) || n.equals("getClass")
                    || n.equals("getAdditionalProperties")) continue;
            JsonProperty jp = g.getAnnotation(JsonProperty.class);
            String name = jp != null && !jp.value().isEmpty() ? jp.value()
                    : Character.toLowerCase(n.charAt(n.startsWith("is") ? 2 : 3))
                            + n.substring(n.startsWith("is") ? 3 : 4);
            Object v;
            try {
                v = g.invoke(o);
            } catch (Exception e) {
                continue;
            }
            if (jp != null && jp.required() && v == null) {
                out.add("missing required field " + (path.isEmpty() ? "" : path.substring(1) + ".") + name);
            }
            walk(v, path + "." + name, out, seen);
        }
    }
}
