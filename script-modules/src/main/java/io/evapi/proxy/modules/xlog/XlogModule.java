package io.evapi.proxy.modules.xlog;

import io.evapi.proxy.spi.Argument;
import io.evapi.proxy.spi.CallSite;
import io.evapi.proxy.spi.FunctionSpec;
import io.evapi.proxy.spi.ModuleContext;
import io.evapi.proxy.spi.ModuleInstance;
import io.evapi.proxy.spi.ProxySpi;
import io.evapi.proxy.spi.ProxyModule;
import io.evapi.proxy.spi.ScriptConfigException;
import io.evapi.proxy.spi.ScriptFunction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kamailio's {@code xlog} module: {@code xlog([[facility,] level,] format)} and the one-level shortcuts
 * {@code xalert xbug xcrit xerr xwarn xnotice xinfo xdbg}. Messages go to the SLF4J logger {@value #LOGGER}.
 * As in Kamailio, {@code xlog(format)} logs at {@code L_ERR}; the level must be a constant, checked when the
 * config loads. The syslog facility is accepted and ignored: SLF4J's configuration decides where logs go.
 */
public final class XlogModule implements ProxyModule {
    /** The name of the logger script messages go to. */
    public static final String LOGGER = "script.xlog";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final Map<String, XlogLevel> SHORTCUTS = Map.of("xalert", XlogLevel.L_ALERT,
            "xbug", XlogLevel.L_BUG, "xcrit", XlogLevel.L_CRIT, "xerr", XlogLevel.L_ERR, "xwarn", XlogLevel.L_WARN,
            "xnotice", XlogLevel.L_NOTICE, "xinfo", XlogLevel.L_INFO, "xdbg", XlogLevel.L_DBG);

    @Override
    public String name() {
        return "xlog";
    }

    @Override
    public int spiVersion() {
        return ProxySpi.VERSION;
    }

    @Override
    public List<FunctionSpec> functions() {
        List<FunctionSpec> specs = new ArrayList<>();
        specs.add(FunctionSpec.anyRoute("xlog", 1, 3));
        SHORTCUTS.keySet().stream().sorted().forEach(name -> specs.add(FunctionSpec.anyRoute(name, 1, 1)));
        return List.copyOf(specs);
    }

    @Override
    public ModuleInstance configure(ModuleContext context) {
        return name -> {
            if (name.equals("xlog")) {
                return XlogModule::bindXlog;
            }
            XlogLevel level = SHORTCUTS.get(name);
            if (level == null) {
                throw new IllegalArgumentException("module xlog has no function " + name);
            }
            return site -> new XlogCall(LOG, level.slf4j(), site.arguments().get(0));
        };
    }

    private static ScriptFunction.BoundCall bindXlog(CallSite site) throws ScriptConfigException {
        List<Argument> args = site.arguments();
        Argument format = args.get(args.size() - 1);
        if (args.size() == 1) {
            return new XlogCall(LOG, XlogLevel.L_ERR.slf4j(), format);
        }
        if (args.size() == 3) {
            facility(args.get(0));
        }
        Argument levelArg = args.get(args.size() - 2);
        String name = levelArg.constant().map(String::valueOf).orElseThrow(() -> new ScriptConfigException(
                "xlog: expected a constant level such as \"L_INFO\", found an expression"));
        XlogLevel level = XlogLevel.named(name).orElseThrow(() -> new ScriptConfigException(
                "xlog: unknown level \"" + name + "\": expected one of " + levelNames()));
        return new XlogCall(LOG, level.slf4j(), format);
    }

    private static void facility(Argument arg) throws ScriptConfigException {
        String facility = arg.constant().map(String::valueOf).orElse("");
        if (!facility.startsWith("LOG_")) {
            throw new ScriptConfigException("xlog: expected a constant syslog facility such as \"LOG_LOCAL0\", found "
                    + (facility.isEmpty() ? "an expression" : "\"" + facility + "\""));
        }
    }

    private static String levelNames() {
        return Arrays.stream(XlogLevel.values()).map(Enum::name).collect(Collectors.joining(" "));
    }
}
