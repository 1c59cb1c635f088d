package io.evapi.proxy.modules.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evapi.proxy.spi.Argument;
import io.evapi.proxy.spi.CallSite;
import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptConfigException;
import io.evapi.proxy.spi.ScriptContext;
import io.evapi.proxy.spi.ScriptFunction.BoundCall;
import io.evapi.proxy.spi.ScriptHost;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** jansson_get and json_get_field through their call sites, with plain-Java arguments as the unit seam. */
class JsonFunctionsTest {
    private static final String DOC = """
            {"index": 12, "label": "34", "ok": true, "no": false, "nothing": null, "ratio": 0.5,
             "a": {"b": [ {"c": "deep"}, [1, 2] ], "obj": {"x": 1}},
             "big": 123456789012345678901234567890}""";

    private final Var dst = new Var();

    @Test
    void janssonGetMapsValuesAsKamailio() throws Exception {
        assertThat(get("index")).isEqualTo(12L);
        assertThat(get("label")).isEqualTo("34");
        assertThat(get("ok")).isEqualTo(1L);
        assertThat(get("no")).isEqualTo(0L);
        assertThat(get("ratio")).isEqualTo("0.5");
        assertThat(get("a.b[0].c")).isEqualTo("deep");
        assertThat(get("a.b[1][1]")).isEqualTo(2L);
        assertThat(get("a.b[1]")).isEqualTo("[1,2]");
        assertThat(get("a.obj")).isEqualTo("{\"x\":1}");
        assertThat(get("big")).isEqualTo("123456789012345678901234567890");
        dst.value = "before";
        assertThat(janssonGet("nothing", DOC)).isEqualTo(1);
        assertThat(dst.value).isNull();
    }

    @Test
    void missingPathOrInvalidJsonReturnsMinusOneAndKeepsDestination() throws Exception {
        dst.value = "kept";
        assertThat(janssonGet("a.b[5].c", DOC)).isEqualTo(-1);
        assertThat(janssonGet("absent", DOC)).isEqualTo(-1);
        assertThat(janssonGet("index.deeper", DOC)).isEqualTo(-1);
        assertThat(janssonGet("a[0]", DOC)).isEqualTo(-1);
        assertThat(janssonGet("index", "{not json")).isEqualTo(-1);
        assertThat(janssonGet("index", "")).isEqualTo(-1);
        assertThat(dst.value).isEqualTo("kept");
    }

    @Test
    void badConstantPathIsAConfigError() {
        assertThatThrownBy(() -> bind(JsonGetCall::byPath, "a..b", DOC))
                .isInstanceOf(ScriptConfigException.class).hasMessageContaining("empty key");
        assertThatThrownBy(() -> bind(JsonGetCall::byPath, "a[x]", DOC))
                .isInstanceOf(ScriptConfigException.class).hasMessageContaining("array index");
        assertThatThrownBy(() -> bind(JsonGetCall::byPath, "a[1", DOC))
                .isInstanceOf(ScriptConfigException.class).hasMessageContaining("']'");
    }

    @Test
    void destinationMustBeAnAssignablePseudoVariable() {
        CallSite noTarget = site("jansson_get", List.of(arg("x", null), arg(DOC, null), arg("$ci", null)));
        assertThatThrownBy(() -> JsonGetCall.byPath(noTarget))
                .isInstanceOf(ScriptConfigException.class).hasMessageContaining("destination");
        PseudoVariable readOnly = ctx -> "x";
        CallSite readOnlySite = site("jansson_get", List.of(arg("x", null), arg(DOC, null), arg("$ci", readOnly)));
        assertThatThrownBy(() -> JsonGetCall.byPath(readOnlySite))
                .isInstanceOf(ScriptConfigException.class).hasMessageContaining("cannot be assigned");
    }

    @Test
    void jsonGetFieldTakesTheFieldNameLiterally() throws Exception {
        BoundCall call = bind(JsonGetCall::byField, DOC, "label");
        assertThat(call.call(null)).isEqualTo(1);
        assertThat(dst.value).isEqualTo("34");
        assertThat(bind(JsonGetCall::byField, "{\"a.b\": 5}", "a.b").call(null)).isEqualTo(1);
        assertThat(dst.value).isEqualTo(5L);
        assertThat(bind(JsonGetCall::byField, DOC, "a.obj").call(null)).isEqualTo(-1);
        assertThat(bind(JsonGetCall::byField, "[1]", "a").call(null)).isEqualTo(-1);
    }

    @Test
    void modulesExportTheirFunctions() throws Exception {
        assertThat(new JanssonModule().configure(null).function("jansson_get")).isNotNull();
        assertThat(new JsonModule().configure(null).function("json_get_field")).isNotNull();
        assertThat(new JanssonModule().functions()).extracting(f -> f.name())
                .containsExactly("jansson_get", "jansson_get_field");
    }

    private Object get(String path) throws Exception {
        dst.value = "unset";
        assertThat(janssonGet(path, DOC)).as(path).isEqualTo(1);
        return dst.value;
    }

    private int janssonGet(String path, String json) throws Exception {
        return bind(JsonGetCall::byPath, path, json).call(null);
    }

    /** Binds with the arguments in the order the function takes them, plus our destination. */
    private BoundCall bind(Binder binder, String first, String second) throws ScriptConfigException {
        return binder.bind(site("f", List.of(arg(first, null), arg(second, null), arg("$var(dst)", dst))));
    }

    @FunctionalInterface
    private interface Binder {
        BoundCall bind(CallSite site) throws ScriptConfigException;
    }

    private static final class Var implements PseudoVariable {
        Object value;

        @Override
        public Object get(ScriptContext context) {
            return value;
        }

        @Override
        public boolean assignable() {
            return true;
        }

        @Override
        public void set(ScriptContext context, Object v) {
            value = v;
        }
    }

    private static Argument arg(String text, PseudoVariable target) {
        return new Argument() {
            @Override
            public Optional<Object> constant() {
                return Optional.of(text);
            }

            @Override
            public String asString(ScriptContext context) {
                return text;
            }

            @Override
            public long asLong(ScriptContext context) {
                return Long.parseLong(text);
            }

            @Override
            public Object value(ScriptContext context) {
                return text;
            }

            @Override
            public Optional<PseudoVariable> target() {
                return Optional.ofNullable(target);
            }
        };
    }

    private static CallSite site(String name, List<Argument> args) {
        return new CallSite() {
            @Override
            public String functionName() {
                return name;
            }

            @Override
            public List<Argument> arguments() {
                return args;
            }

            @Override
            public RouteType routeType() {
                return RouteType.EVENT;
            }

            @Override
            public String position() {
                return "test.cfg:1:1";
            }

            @Override
            public ScriptHost host() {
                return null;
            }
        };
    }

}
