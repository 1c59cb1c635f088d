package io.evapi.proxy.modules.json;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.evapi.proxy.spi.Argument;
import io.evapi.proxy.spi.CallSite;
import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.ScriptConfigException;
import io.evapi.proxy.spi.ScriptContext;
import io.evapi.proxy.spi.ScriptFunction.BoundCall;
import java.util.Optional;

/**
 * One call site of {@code jansson_get(path, json, dst)} or {@code json_get_field(json, field, dst)}: find a
 * value in a JSON text and store it in a pseudo-variable. Returns 1, or -1 (destination untouched) when the
 * text is not JSON or nothing is at the path.
 */
final class JsonGetCall implements BoundCall {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("json");
    private static final io.evapi.proxy.spi.LogLimiter NOT_JSON_LOG = new io.evapi.proxy.spi.LogLimiter(10);
    private final String function;
    private final String position;
    private final Argument json;
    private final Argument path;
    private final JsonPath constantPath;
    private final boolean fieldOnly;
    private final PseudoVariable destination;

    private JsonGetCall(CallSite site, Argument json, Argument path, boolean fieldOnly, PseudoVariable destination)
            throws ScriptConfigException {
        this.function = site.functionName();
        this.position = site.position();
        this.json = requireNonNull(json, "json");
        this.path = requireNonNull(path, "path");
        this.fieldOnly = fieldOnly;
        this.destination = requireNonNull(destination, "destination");
        Optional<Object> constant = path.constant();
        if (constant.isPresent() && !fieldOnly) {
            try {
                this.constantPath = JsonPath.parse(String.valueOf(constant.get()));
            } catch (IllegalArgumentException e) {
                throw new ScriptConfigException(e.getMessage());
            }
        } else {
            this.constantPath = null;
        }
    }

    /** {@code jansson_get(path, json, dst)}. */
    static BoundCall byPath(CallSite site) throws ScriptConfigException {
        return new JsonGetCall(site, site.arguments().get(1), site.arguments().get(0), false, destination(site));
    }

    /** {@code json_get_field(json, field, dst)}: a top-level field, its name taken literally. */
    static BoundCall byField(CallSite site) throws ScriptConfigException {
        return new JsonGetCall(site, site.arguments().get(0), site.arguments().get(1), true, destination(site));
    }

    private static PseudoVariable destination(CallSite site) throws ScriptConfigException {
        Argument dst = site.arguments().get(2);
        PseudoVariable pv = dst.target().orElseThrow(() -> new ScriptConfigException(
                site.functionName() + ": expected a pseudo-variable such as \"$var(x)\" as destination"));
        if (!pv.assignable()) {
            throw new ScriptConfigException(site.functionName() + ": the destination cannot be assigned");
        }
        return pv;
    }

    @Override
    public int call(ScriptContext context) {
        String text = json.asString(context);
        JsonNode root = JsonValues.parse(text);
        if (root == null) {
            // Kamailio logs text that is not JSON at error level (a missing path it does not log)
            long held = NOT_JSON_LOG.permit();
            if (held >= 0) {
                LOG.error("{} at {}: failed to parse json: {}{}", function, position,
                        text.length() > 200 ? text.substring(0, 200) + "..." : text,
                        io.evapi.proxy.spi.LogLimiter.suppressedNote(held));
            }
            return -1;
        }
        JsonNode found;
        if (fieldOnly) {
            found = root.isObject() ? root.get(path.asString(context)) : null;
        } else {
            JsonPath p = constantPath;
            if (p == null) {
                try {
                    p = JsonPath.parse(path.asString(context));
                } catch (IllegalArgumentException e) {
                    return -1;
                }
            }
            found = p.find(root);
        }
        if (found == null) {
            return -1;
        }
        destination.set(context, JsonValues.toScriptValue(found));
        return 1;
    }
}
